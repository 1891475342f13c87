"""Services AWS has retired: a WARNING of our own, not an ERROR, since IAM still accepts them."""

from __future__ import annotations

import json
from pathlib import Path

from policybuilder.core import iam_catalog
from policybuilder.core.validator import Severity, retired, validate

DATA = Path(retired.__file__).with_name("retired_services.json")


def policy(action: str, **extra) -> str:
    statement = {"Effect": "Allow", "Action": [action, "s3:GetObject"], "Resource": "*"} | extra
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def findings(text: str) -> list:
    return validate(text)


def test_an_action_of_a_retired_service_is_a_warning_of_our_own():
    found = [f for f in findings(policy("deepracer:ListModels")) if f.code == "PB_RETIRED_SERVICE"]
    assert [(f.severity, f.path) for f in found] == [(Severity.WARNING, "$.Statement[0].Action[0]")]


def test_a_retired_service_is_not_reported_as_an_invalid_service():
    codes = [f.code for f in findings(policy("iotevents:DescribeDetector"))]
    assert "INVALID_SERVICE_IN_ACTION" not in codes


def test_the_retired_service_message_names_the_service_and_says_iam_still_accepts_it():
    finding = next(f for f in findings(policy("iot1click:ListProjects")))
    assert "AWS IoT 1-Click" in finding.message and "IAM still accepts" in finding.message


def test_the_fix_removes_the_retired_action_from_the_list():
    finding = next(f for f in findings(policy("mobilehub:ListProjects")))
    assert json.loads(finding.fix.document)["Statement"][0]["Action"] == ["s3:GetObject"]


def test_a_prefix_that_never_was_a_service_is_still_an_error():
    finding = next(f for f in findings(policy("deepracers:ListModels")))
    assert (finding.code, finding.severity) == ("INVALID_SERVICE_IN_ACTION", Severity.ERROR)


def test_a_condition_key_of_a_retired_service_is_a_warning_not_an_invalid_key():
    text = policy("deepracer:ListModels", Condition={"Bool": {"deepracer:MultiUser": "true"}})
    codes = [f.code for f in findings(text) if f.path.startswith("$.Statement[0].Condition")]
    assert codes == ["PB_RETIRED_SERVICE"]


def test_the_issue_s_examples_are_in_the_retired_list():
    assert {"deepracer", "iot1click", "mobilehub", "iotevents"} <= retired.prefixes()


def test_no_retired_prefix_is_a_service_of_the_installed_catalogue():
    assert retired.prefixes() & iam_catalog.service_prefixes() == frozenset()


def test_the_retired_list_names_the_releases_it_was_derived_from():
    data = json.loads(DATA.read_text())
    assert data["releases_read"] and data["bundled_read"]


def test_every_retired_service_says_where_it_was_last_listed():
    services = json.loads(DATA.read_text())["services"]
    assert all(e.get("last_seen") or e.get("found_in") for e in services.values())
