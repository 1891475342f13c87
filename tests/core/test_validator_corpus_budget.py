"""No ERROR on a policy that IAM accepts: the AWS managed policies with ERRORs stay few."""

from __future__ import annotations

import json
from pathlib import Path

EXCEPTIONS = (
    Path(__file__).resolve().parents[1] / "fixtures" / "validator" / "corpus_exceptions.json"
)


def test_at_most_20_aws_managed_policies_are_documented_as_having_errors():
    assert len(json.loads(EXCEPTIONS.read_text())["policies"]) <= 20


def test_no_documented_error_is_a_retired_service():
    reasons = [e["reason"] for e in json.loads(EXCEPTIONS.read_text())["policies"].values()]
    assert not [r for r in reasons if "deepracer" in r or "iotevents" in r or "mobilehub" in r]
