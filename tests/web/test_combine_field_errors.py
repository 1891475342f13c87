"""The combine page ties each part's fields to their help and error text, as the builder does."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from helpers import combine_post_data, combined_values


@pytest.fixture
def refused_page(signed_in) -> str:
    data = combine_post_data(combined_values("view-users"), preview="1")
    data["p0-scope"] = "instance"
    data["p0-instance"] = "arn:aws:connect:eu-west-2:111122223333:instanse/x"
    return signed_in.post(reverse("combine"), data).content.decode()


def _tag(page: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)


def test_a_part_field_is_described_by_its_own_error_paragraph(refused_page):
    assert 'aria-describedby="help-p0-instance error-p0-instance"' in _tag(
        refused_page, "p0-instance"
    )


def test_a_part_field_with_an_error_is_marked_invalid(refused_page):
    assert 'aria-invalid="true"' in _tag(refused_page, "p0-instance")


def test_a_part_field_help_paragraph_has_the_id_its_field_names(refused_page):
    assert 'id="help-p0-instance"' in refused_page


def test_a_part_field_error_paragraph_has_the_id_its_field_names(refused_page):
    assert re.search(r"id=\"error-p0-instance\"[^>]*>([^<]|<span)", refused_page)
