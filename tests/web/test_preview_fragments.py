"""The preview's findings rendered once per process: the same HTML, never another's."""

from __future__ import annotations

import json

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from helpers import SCENARIO

from policybuilder.core import iam_catalog, scenarios
from policybuilder.teams.values import to_form_data
from policybuilder.web import fragments
from policybuilder.web.validation import report_for

VERSION = iam_catalog.data_version()


def report_of(actions: list[str], quota: str = "managed"):
    text = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}],
        }
    )
    return report_for(text, quota=quota, document=json.loads(text))


def included(report) -> str:
    """What web/_findings.html renders for the builder, as the include did."""
    return render_to_string("web/_findings.html", {"report": report, "data_version": VERSION})


@pytest.fixture(autouse=True)
def _empty_cache():
    fragments.clear()
    yield
    fragments.clear()


def test_the_kept_findings_are_the_html_the_template_renders():
    report = report_of(["connect:DescribeUser", "connect:DescribeUser", "iam:PassRole"])
    assert report.findings
    assert fragments.findings_html(report, VERSION) == included(report)


def test_the_second_rendering_of_the_same_findings_is_the_kept_one():
    report = report_of(["connect:DescribeUser", "connect:DescribeUser"])
    first = fragments.findings_html(report, VERSION)
    assert fragments.findings_html(report_of(["connect:DescribeUser"] * 2), VERSION) is first


def test_findings_that_differ_in_a_message_get_their_own_html():
    one = fragments.findings_html(report_of(["connect:DescribeUser"] * 2), VERSION)
    other = fragments.findings_html(report_of(["connect:ListUsers"] * 2), VERSION)
    assert "connect:ListUsers" in other
    assert "connect:ListUsers" not in one


def test_another_quota_gets_its_own_size_line():
    managed = fragments.findings_html(report_of(["connect:DescribeUser"]), VERSION)
    inline = fragments.findings_html(report_of(["connect:DescribeUser"], "user"), VERSION)
    assert managed != inline


def test_the_cache_keeps_at_most_its_size(monkeypatch):
    monkeypatch.setattr(fragments, "SIZE", 3)
    for n in range(5):
        fragments.findings_html(report_of([f"connect:DescribeUser{n}"]), VERSION)
    assert len(fragments._cache) == 3


def live_preview(client, slug: str = SCENARIO):
    """The htmx preview of the scenario's example values, as the builder form posts it."""
    scenario = scenarios.get(slug)
    return client.post(
        reverse("builder", args=[slug]),
        to_form_data(scenario, scenario.example_values()).urlencode(),
        content_type="application/x-www-form-urlencoded",
        HTTP_HX_REQUEST="true",
    )


def test_the_live_preview_shows_the_findings_of_its_own_values(signed_in):
    response = live_preview(signed_in)
    html = response.content.decode()
    report = response.context["report"]
    assert included(report).strip() in html


def test_the_live_preview_keeps_its_findings_rendering(signed_in):
    live_preview(signed_in)
    assert len(fragments._cache) == 1


@pytest.mark.parametrize("scenario", scenarios.SCENARIOS, ids=lambda s: s.slug)
def test_the_live_preview_of_ascii_values_is_ascii(signed_in, scenario):
    # One character beyond ASCII anywhere (the clean report's check mark was one) makes Python
    # join and encode the whole fragment as two bytes per character: 2 % of a preview's
    # instructions (callgrind). The templates write such characters as HTML references.
    response = live_preview(signed_in, scenario.slug)
    assert response.status_code == 200
    assert response.content.isascii()


def test_the_live_preview_sends_the_policy_once(signed_in):
    # Copy reads the highlighted policy's text (builder.js): no second, raw copy of it.
    response = live_preview(signed_in)
    sid = json.loads(response.context["policy_text"])["Statement"][0]["Sid"]
    assert response.content.decode().count(sid) == 1
