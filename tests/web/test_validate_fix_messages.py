"""The validate page: findings by severity, fixes that say what they change, and "Apply all
fixes" in one request."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

BROKEN = """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["connect:DescribeUser", "connect:ListUsers"]
      "Resource": "*",
      "Condition": {"StringEquals": {"aws:ResourceTag/Dept": "Sales\u200b"}}
    },
  ]
}"""

#: Valid JSON with one warning (a placeholder account) before an error (an unknown action).
WARNING_THEN_ERROR = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "connect:DescribeUser",
                "Resource": "arn:aws:connect:us-east-1:111122223333:instance/*",
            },
            {"Effect": "Allow", "Action": "connect:NoSuchAction", "Resource": "*"},
        ],
    },
    indent=2,
)


@pytest.fixture
def checked(signed_in):
    def check(text: str) -> str:
        return signed_in.post(reverse("validate"), {"policy": text}).content.decode()

    return check


def _severities(page: str) -> list[str]:
    return re.findall(r'<li class="finding sev-([a-z_]+)">', page)


def test_errors_are_listed_before_warnings(checked):
    severities = _severities(checked(WARNING_THEN_ERROR))
    assert severities.index("warning") > severities.index("error")


def test_a_missing_comma_fix_says_after_what_it_inserts_the_comma(checked):
    assert "Insert a comma after &quot;connect:ListUsers&quot;] on line 6." in checked(BROKEN)


def test_a_trailing_comma_fix_says_which_comma_it_removes(checked):
    assert "Remove the comma after } on line 9." in checked(BROKEN)


def test_a_syntax_fix_says_it_also_makes_the_other_syntax_repairs(checked):
    assert "The same fix makes the other syntax repair listed here." in checked(BROKEN)


def test_a_fix_that_drops_a_character_from_a_condition_value_says_what_that_changes(checked):
    page = checked(
        BROKEN.replace(']\n      "Resource', '],\n      "Resource').replace("},\n  ]", "}\n  ]")
    )
    assert "the condition then matches different requests" in page


def test_the_page_offers_apply_all_fixes_beside_the_single_ones(checked):
    page = checked(BROKEN)
    assert 'formaction="/validate/fix-all">Apply all fixes</button>' in page


def test_apply_all_fixes_leaves_no_fixable_finding_in_one_request(signed_in):
    response = signed_in.post(reverse("validate_fix_all"), {"policy": BROKEN})
    fixed = json.loads(response.context["policy_text"])
    assert fixed["Statement"][0]["Condition"]["StringEquals"]["aws:ResourceTag/Dept"] == "Sales"


def test_apply_all_fixes_says_how_many_fixes_it_applied(signed_in):
    response = signed_in.post(reverse("validate_fix_all"), {"policy": BROKEN})
    assert "2 fixes applied." in response.content.decode()


def test_apply_all_fixes_with_nothing_to_fix_is_refused(signed_in):
    response = signed_in.post(reverse("validate_fix_all"), {"policy": WARNING_THEN_ERROR})
    assert response.status_code == 400
