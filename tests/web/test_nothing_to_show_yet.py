"""The "Nothing to show yet" box names the fields still needed, from the first render on."""

from __future__ import annotations

import re

from django.urls import reverse


def _box(page: str) -> str:
    return re.search(r'<div class="fix-first".*?</div>', page, re.S).group(0)


def test_the_first_render_names_each_field_still_needed(signed_in):
    page = signed_in.get(reverse("builder", args=["campaigns-onboarding"])).content.decode()
    box = _box(page)
    assert ">Amazon Connect instance</a>" in box and ">KMS key</a>" in box


def test_the_first_render_links_each_needed_field(signed_in):
    page = signed_in.get(reverse("builder", args=["campaigns-onboarding"])).content.decode()
    assert '<a href="#field-kms_key">' in _box(page)


def test_the_first_render_does_not_just_say_fill_in_the_required_fields(signed_in):
    page = signed_in.get(reverse("builder", args=["campaigns-onboarding"])).content.decode()
    assert "Fill in the required fields." not in _box(page)
