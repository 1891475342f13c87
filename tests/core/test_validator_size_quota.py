"""The size of a policy: graded as Access Analyzer grades it unless a quota is chosen."""

from __future__ import annotations

import json

from policybuilder.core.validator import Severity, validate
from policybuilder.core.validator.document_checks import percent, size_sentence


def big_policy(size: int) -> str:
    resources = [f"arn:aws:s3:::bucket-{i:05d}/*" for i in range(size // 28)]
    statement = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": resources}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def size_codes(text: str, **kw) -> list[str]:
    return [f.code for f in validate(text, **kw) if "SIZE" in f.code]


def test_with_no_quota_chosen_a_policy_over_the_managed_quota_has_no_size_finding():
    assert size_codes(big_policy(8000)) == []


def test_with_no_quota_chosen_a_policy_over_every_identity_quota_is_a_warning():
    found = [f for f in validate(big_policy(10400)) if "SIZE" in f.code]
    assert [(f.code, f.severity) for f in found] == [
        ("POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", Severity.WARNING)
    ]


def test_a_chosen_quota_exceeded_is_an_error():
    found = [f for f in validate(big_policy(2200), quota="user") if "SIZE" in f.code]
    assert [(f.code, f.severity) for f in found] == [
        ("PB_POLICY_SIZE_EXCEEDS_QUOTA", Severity.ERROR)
    ]


def test_a_chosen_quota_not_exceeded_has_no_size_finding():
    assert size_codes(big_policy(2000), quota="group") == []


def test_the_size_message_shows_the_real_percentage_over_the_quota():
    finding = next(f for f in validate(big_policy(2200), quota="user") if "SIZE" in f.code)
    assert "% of the 2,048 allowed for the inline policies of a user" in finding.message
    assert "100 %" not in finding.message


def test_the_size_sentence_reads_as_a_sentence():
    assert size_sentence(2153, "user") == (
        "2,153 characters without whitespace: 105 % of the 2,048 allowed for the inline "
        "policies of a user (all of them together)"
    )


def test_a_size_just_over_the_quota_is_not_shown_as_100_percent():
    assert percent(2049, 2048) == "just over 100 %"


def test_a_size_under_the_quota_shows_its_share():
    assert percent(1024, 2048) == "50 %"
