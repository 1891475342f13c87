"""``manage.py compare_policies OLD.json NEW.json [--format text|json]``."""

from __future__ import annotations

from policybuilder.core.semantics.cli import compare_main
from policybuilder.web.management.core_command import CoreCommand


class Command(CoreCommand):
    help = (
        "Compare what two IAM identity-based policies allow, with a request that shows each "
        "difference (- reads standard input). Exit status 1 for an invalid policy."
    )
    main = staticmethod(compare_main)
