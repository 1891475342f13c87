"""A signed-in user changes their password on a page of the application's own."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

NEW = "a-brand-new-pass-42"


def test_the_header_links_the_password_change_page(signed_in):
    html = signed_in.get(reverse("catalogue")).content.decode()
    assert f'href="{reverse("password_change")}"' in html


def test_the_password_change_page_uses_the_application_look(signed_in):
    response = signed_in.get(reverse("password_change"))
    assert "registration/password_change_form.html" in [t.name for t in response.templates]
    assert "base.html" in [t.name for t in response.templates]


def test_changing_the_password_lets_the_new_one_sign_in(signed_in, user):
    data = {"old_password": "a-long-test-pass-1", "new_password1": NEW, "new_password2": NEW}
    response = signed_in.post(reverse("password_change"), data)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)


def test_a_common_password_is_refused_by_the_validators(signed_in, user):
    data = {
        "old_password": "a-long-test-pass-1",
        "new_password1": "password",
        "new_password2": "password",
    }
    response = signed_in.post(reverse("password_change"), data)
    assert "This password is too common." in response.content.decode()


def test_the_password_change_page_needs_a_signed_in_user(client):
    response = client.get(reverse("password_change"))
    assert response["Location"].startswith(reverse("login"))


def test_bootstrap_tells_the_first_administrator_where_to_change_the_password(db):
    out = StringIO()
    call_command("bootstrap", stdout=out)
    assert reverse("password_change") in out.getvalue()
