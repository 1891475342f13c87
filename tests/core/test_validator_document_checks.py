"""Layer 3: Sids, empty arrays, policy variables, size quota, characters."""

from __future__ import annotations

import json

import pytest

from policybuilder.core.validator import QUOTAS, validate


def statement(**extra):
    return {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"} | extra


def doc(*statements, version="2012-10-17") -> str:
    body = {"Version": version} if version else {}
    return json.dumps(body | {"Statement": list(statements)})


def codes(text: str, **kw) -> list[str]:
    return [f.code for f in validate(text, **kw)]


def test_duplicate_sids_are_an_error_with_a_renaming_fix():
    text = doc(statement(Sid="A"), statement(Sid="A"))
    finding = next(f for f in validate(text) if f.code == "UNIQUE_SIDS_REQUIRED")
    assert finding.path == "$.Statement[1].Sid"
    assert [s["Sid"] for s in json.loads(finding.fix.document)["Statement"]] == ["A", "A2"]


def test_distinct_sids_are_fine():
    assert codes(doc(statement(Sid="A"), statement(Sid="B", Action="s3:PutObject"))) == []


def test_empty_sid_is_a_suggestion():
    assert "EMPTY_SID_VALUE" in codes(doc(statement(Sid="")))


@pytest.mark.parametrize(
    ("key", "code"), [("Action", "EMPTY_ARRAY_ACTION"), ("Resource", "EMPTY_ARRAY_RESOURCE")]
)
def test_empty_arrays_are_suggestions(key, code):
    assert code in codes(doc(statement(**{key: []})))


@pytest.mark.parametrize(
    ("resource", "code"),
    [
        ("arn:aws:s3:::bucket/${aws:username", "MISSING_BRACE_IN_VARIABLE"),
        ("arn:aws:s3:::bucket/${}", "EMPTY_VARIABLE"),
        ("arn:aws:s3:::bucket/${ aws:username }", "UNSUPPORTED_SPACE_IN_VARIABLE"),
    ],
)
def test_malformed_policy_variables_are_reported(resource, code):
    assert code in codes(doc(statement(Resource=resource)))


def test_variables_need_the_2012_version():
    text = doc(statement(Resource="arn:aws:s3:::bucket/${aws:username}"), version="2008-10-17")
    finding = next(f for f in validate(text) if f.code == "VARIABLE_UNSUPPORTED_IN_VERSION")
    assert json.loads(finding.fix.document)["Version"] == "2012-10-17"


def test_well_formed_variable_with_default_is_fine():
    text = doc(statement(Resource="arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'none'}/*"))
    assert codes(text) == []


def big_policy(size: int) -> str:
    resources = [f"arn:aws:s3:::bucket-{i:05d}/*" for i in range(size // 28)]
    return doc(statement(Resource=resources))


@pytest.mark.parametrize(
    ("quota", "over"), [("user", 2100), ("group", 5200), ("managed", 6200), ("role", 10300)]
)
def test_size_over_the_chosen_quota_is_an_error(quota, over):
    finding = next(
        f
        for f in validate(big_policy(over), quota=quota)
        if f.code == "PB_POLICY_SIZE_EXCEEDS_QUOTA"
    )
    assert finding.severity == "ERROR"


def test_size_under_the_quota_is_fine():
    assert "PB_POLICY_SIZE_EXCEEDS_QUOTA" not in codes(big_policy(5000), quota="managed")


def test_quotas_are_the_iam_limits():
    assert QUOTAS == {"managed": 6144, "user": 2048, "group": 5120, "role": 10240}


def test_unknown_quota_is_a_programming_error():
    with pytest.raises(ValueError):
        validate(doc(statement()), quota="huge")


def test_characters_iam_rejects_are_reported_with_a_fix():
    text = doc(statement(Resource="arn:aws:s3:::bucket\u2014x/*"))
    text = text.replace("\\u2014", "\u2014")
    finding = next(f for f in validate(text) if f.code == "PB_UNSUPPORTED_CHARACTER")
    assert "U+2014" in finding.message
    assert "bucket-x" in finding.fix.document


def test_latin1_characters_are_accepted():
    text = doc(statement(Resource="arn:aws:s3:::caf\u00e9/*")).replace("\\u00e9", "\u00e9")
    assert "PB_UNSUPPORTED_CHARACTER" not in codes(text)
