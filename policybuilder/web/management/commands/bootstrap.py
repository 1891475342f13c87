"""First-run set-up for `make run`: an administrator with a generated password.

Running it again changes nothing: the password is printed only when the
account is created, and never stored anywhere else.
"""

from __future__ import annotations

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.urls import reverse


class Command(BaseCommand):
    help = "Create the administrator account on the first run (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--port",
            type=int,
            default=None,
            help="The port the server listens on, for the sign-in address printed (default: "
            "$PORT; `make run` and `make serve` pass theirs).",
        )

    def handle(self, *args, username: str, port: int | None = None, **options) -> None:
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Administrator {username!r} exists; nothing to do.")
            return
        shown_port = port or os.environ.get("PORT")
        where = f"at http://127.0.0.1:{shown_port}/" if shown_port else "on the site"
        password = secrets.token_urlsafe(18)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created administrator {username!r} with password {password}\n"
                f"This password is shown once. Sign in {where} and change it at "
                f'{reverse("password_change")} ("Change password" in the page header).'
            )
        )
