"""The public API others code against."""

from __future__ import annotations

import dataclasses
import json

import pytest

from policybuilder.core.validator import QUOTAS, Finding, Fix, Severity, apply_fix, validate

BROKEN = (
    '{"Version": "2012-10-17", '
    '"Statement": [{"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}]}'
)


def test_severity_values_equal_their_names():
    assert [s.value for s in Severity] == [s.name for s in Severity]


def test_severities_are_ordered_by_gravity():
    assert Severity.ERROR > Severity.SECURITY_WARNING > Severity.WARNING > Severity.SUGGESTION


def test_finding_to_dict_has_the_documented_keys():
    [finding] = validate(BROKEN)
    data = finding.to_dict()
    assert set(data) == {"severity", "code", "message", "path", "line", "column", "fix"}
    assert data["severity"] == "ERROR"
    assert set(data["fix"]) == {"description", "document"}
    json.dumps(data)


def test_findings_and_fixes_are_frozen():
    [finding] = validate(BROKEN)
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.code = "X"  # type: ignore[misc]
    assert isinstance(finding.fix, Fix) and isinstance(finding, Finding)


def test_apply_fix_returns_the_corrected_document():
    corrected = apply_fix(BROKEN, 0)
    assert validate(corrected) == []


def test_apply_fix_out_of_range_is_none():
    assert apply_fix(BROKEN, 5) is None


def test_quota_names_are_the_documented_ones():
    assert set(QUOTAS) == {"managed", "user", "group", "role"}


def test_validator_has_no_django_imports():
    import re
    from pathlib import Path

    import policybuilder.core.validator as package

    root = Path(package.__file__).parent
    imports = re.compile(r"^\s*(from|import)\s+django", re.M)
    assert not [p.name for p in root.glob("*.py") if imports.search(p.read_text())]
