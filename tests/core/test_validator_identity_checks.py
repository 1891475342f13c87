"""Every Access Analyzer check that applies to identity policies: one policy that trips it and a
close relative that does not (tests/fixtures/validator/identity_checks.json), and a test that
the reference's identity-policy codes are all either tested here or documented as not raised."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from policybuilder.core import validator
from policybuilder.core.validator import validate
from policybuilder.core.validator.findings import AA_SEVERITIES

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "validator" / "identity_checks.json"
REFERENCE = (
    Path(__file__).resolve().parents[3] / "shared" / "reference" / "access-analyzer-checks.md"
)
CHECKS = json.loads(FIXTURE.read_text())["checks"]
_ROW = re.compile(r"^\|\s*[A-Z_]+\s*\|\s*([A-Z][A-Z0-9_]+)\s*\|")


def text(document) -> str:
    return document if isinstance(document, str) else json.dumps(document, indent=2)


def findings(document, code):
    return [f for f in validate(text(document)) if f.code == code]


def documented_as_not_raised() -> set[str]:
    doc = validator.__doc__
    section = doc[doc.index("Checks not raised") :]
    return set(re.findall(r"``([A-Z][A-Z0-9_]+)``", section))


def reference_codes() -> set[str]:
    if not REFERENCE.is_file():
        pytest.skip(f"Access Analyzer reference not found at {REFERENCE}")
    rows = (_ROW.match(line) for line in REFERENCE.read_text().splitlines())
    return {m.group(1) for m in rows if m and m.group(1) != "code"}


@pytest.mark.parametrize("code", sorted(CHECKS))
def test_the_policy_for_each_check_trips_it(code):
    assert findings(CHECKS[code]["trips"], code)


@pytest.mark.parametrize("code", sorted(CHECKS))
def test_the_close_relative_of_each_check_does_not_trip_it(code):
    assert findings(CHECKS[code]["passes"], code) == []


@pytest.mark.parametrize("code", sorted(CHECKS))
def test_each_check_has_access_analyzer_s_severity(code):
    assert {f.severity for f in findings(CHECKS[code]["trips"], code)} == {AA_SEVERITIES[code]}


@pytest.mark.parametrize("code", sorted(CHECKS))
def test_each_check_is_located_in_the_text(code):
    found = findings(CHECKS[code]["trips"], code)[0]
    assert found.path.startswith("$") and found.line is not None and found.column is not None


@pytest.mark.parametrize("code", sorted(CHECKS))
def test_each_check_explains_itself_in_a_sentence(code):
    message = findings(CHECKS[code]["trips"], code)[0].message
    assert len(message.split()) >= 6 and code not in message


def mechanical_fix(code):
    found = findings(CHECKS[code]["trips"], code)
    return found[0].fix.document if found and found[0].fix is not None else None


@pytest.mark.parametrize("code", sorted(c for c in CHECKS if mechanical_fix(c) is not None))
def test_each_mechanical_fix_removes_its_finding(code):
    assert findings(mechanical_fix(code), code) == []


def test_every_identity_policy_code_is_tested_or_documented_as_not_raised():
    missing = reference_codes() - set(CHECKS) - documented_as_not_raised()
    assert missing == set()


def test_no_tested_check_is_also_documented_as_not_raised():
    assert set(CHECKS) & documented_as_not_raised() == set()


def test_every_code_documented_as_not_raised_is_in_the_reference():
    assert documented_as_not_raised() <= reference_codes()


@pytest.mark.parametrize(
    "code",
    [
        "ARN_REGION_NOT_ALLOWED",
        "ARN_ACCOUNT_NOT_ALLOWED",
        "IMPROVE_IP_RANGE",
        "REDUNDANT_CONDITION_VALUE_NUM",
        "REDUNDANT_STATEMENT",
        "TYPE_MISMATCH_STRING",
        "INVALID_ARN_SERVICE_CASE",
        "MISSING_VERSION",
    ],
)
def test_checks_with_a_mechanical_fix_give_the_corrected_document(code):
    assert json.loads(mechanical_fix(code))["Statement"]
