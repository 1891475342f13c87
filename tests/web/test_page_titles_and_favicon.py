"""Every page has a favicon and a title that names the page."""

from __future__ import annotations

import html
import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse


def _title(response) -> str:
    found = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    return html.unescape(found.group(1).strip())


def test_the_base_page_links_an_svg_favicon(signed_in):
    page = signed_in.get(reverse("catalogue")).content.decode()
    assert re.search(
        r'<link rel="icon" href="/static/favicon\.[0-9a-f.]*svg" type="image/svg\+xml">', page
    )


def test_the_favicon_is_a_small_svg_in_the_static_files():
    path = finders.find("favicon.svg")
    text = Path(path).read_text(encoding="utf-8")
    assert text.lstrip().startswith("<svg") and len(text) < 2048


def test_the_error_pages_link_the_favicon_too():
    for name in ("400.html", "500.html"):
        assert 'rel="icon"' in Path("templates", name).read_text(encoding="utf-8"), name


def test_a_saved_template_in_the_builder_is_titled_with_the_template_name(client, owner, saved):
    client.force_login(owner)
    response = client.get(reverse("teams:open", args=[saved.team.slug, saved.pk]))
    assert _title(response).startswith(f"{saved.name} · ")


def test_a_template_page_title_names_its_team(client, owner, saved):
    client.force_login(owner)
    response = client.get(reverse("teams:template", args=[saved.team.slug, saved.pk]))
    assert _title(response) == f"{saved.name} · {saved.team.name} · policybuilder"


def test_the_custom_builder_is_titled_and_its_title_holds_no_markup(signed_in):
    response = signed_in.get(reverse("custom"))
    assert _title(response) == "Custom statements · policybuilder"
