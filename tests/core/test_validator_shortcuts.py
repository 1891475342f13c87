"""The validator's fast paths give what the slower, plain code they stand in for gives."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policybuilder.core import iam_catalog
from policybuilder.core.validator import (
    actions,
    arns,
    conditions,
    document_checks,
    grammar,
    parsing,
    positions,
    statement_checks,
)
from policybuilder.core.validator.context import Context, StatementView

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "validator"

glob_text = st.text(alphabet="ab*?:/-\n", max_size=12)
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
values = scalars | st.lists(scalars, max_size=3) | st.dictionaries(st.text(max_size=3), scalars)
statements = st.dictionaries(
    st.sampled_from(
        ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition", "Other"]
    ),
    st.sampled_from(["S1", "a b", "Allow", "Deny", "allow", "*", "", "x\n"])
    | st.lists(st.sampled_from(["s3:GetObject", "*"]), max_size=2)
    | st.dictionaries(
        st.sampled_from(["StringEquals", "StringLikeIfExists", "ForAnyValue:ArnLike", "Nope"]),
        st.dictionaries(st.sampled_from(["aws:username", "s3:prefix"]), values, max_size=2)
        | scalars,
        max_size=2,
    )
    | scalars,
)


def _fixture_statements() -> list[object]:
    checks = json.loads((FIXTURES / "identity_checks.json").read_text(encoding="utf-8"))["checks"]
    excerpts = json.loads((FIXTURES / "corpus_excerpts.json").read_text(encoding="utf-8"))
    documents = [doc for check in checks.values() for doc in (check["trips"], check["passes"])]
    documents += [e["policy"] for e in excerpts["excerpts"].values()]
    out: list[object] = []
    for doc in documents:
        found = doc.get("Statement") if isinstance(doc, dict) else None
        out.extend(found if isinstance(found, list) else [found] if found is not None else [])
    return out


def _schema_errors(statement: object) -> list[object]:
    return list(grammar.compiled_statement().iter_errors(statement))


def test_every_fixture_statement_called_clean_has_no_schema_error():
    called_clean = [s for s in _fixture_statements() if grammar._clean_statement(s)]
    assert called_clean
    assert [s for s in called_clean if _schema_errors(s)] == []


def test_a_statement_with_a_schema_error_is_never_called_clean():
    wrong = [
        {"Sid": None, "Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "allow", "Action": "*", "Resource": "*"},
        {"Effect": "Allow", "Action": "*", "NotAction": "*", "Resource": "*"},
        {"Effect": "Allow", "Action": ["*", 1], "Resource": "*"},
        {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Nope": {}}},
        {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": {"k": None}}},
        {"Effect": "Allow", "Action": "*", "Resource": "*", "Principal": "*"},
    ]
    assert all(_schema_errors(s) for s in wrong)
    assert [s for s in wrong if grammar._clean_statement(s)] == []


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(statements)
def test_a_generated_statement_called_clean_has_no_schema_error(statement):
    if grammar._clean_statement(statement):
        assert _schema_errors(statement) == []


@settings(max_examples=500, deadline=None)
@given(glob_text, glob_text)
def test_glob_match_agrees_with_the_glob_regex(pattern, text):
    expected = actions.glob_regex(pattern).fullmatch(text) is not None
    assert actions.glob_match(pattern, text) is expected


def test_action_expansion_agrees_with_the_catalogue_for_connect_patterns():
    patterns = [
        "connect:*",
        "connect:Describe*",
        "connect:*User*",
        "connect:?escribeUser",
        "connect:describeuser",
        "connect:Nothing*",
        "connect:*Queue",
    ]
    for pattern in patterns:
        assert actions._expand(pattern) == tuple(iam_catalog.expand_action(pattern))


def test_a_condition_key_without_a_slot_is_compared_as_the_catalogue_compares_it():
    pairs = [
        ("connect:InstanceId", "CONNECT:instanceid"),
        ("connect:InstanceId", "connect:Instance"),
        ("aws:ResourceTag/${TagKey}", "aws:ResourceTag/team"),
        ("ssm:resourceTag/tag-key", "ssm:resourceTag/x"),
        ("s3:prefix", "s3:prefix "),
    ]
    for template, key in pairs:
        assert conditions._key_matches(template, key) is iam_catalog.key_matches(template, key)


def _redundant_by_regex(values, case_sensitive):
    """REDUNDANT_* as specified: an earlier duplicate, else the first wildcard value of the
    same group (then of the "" group) that is not the value itself and matches it."""
    norm = [(t, v, v if case_sensitive else v.lower()) for t, v in values]
    wild = {}
    for _, v, n in norm:
        if "*" in n or "?" in n:
            wild.setdefault(actions._group(n), []).append((v, n))
    out, seen = [], set()
    for tokens, value, n in norm:
        if n in seen:
            out.append((tokens, value, value))
            continue
        seen.add(n)
        for cover, cover_n in (*wild.get(actions._group(n), ()), *wild.get("", ())):
            if cover_n != n and actions.glob_regex(cover_n).fullmatch(n):
                out.append((tokens, value, cover))
                break
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet="aB*?:/", max_size=8), max_size=8), st.booleans())
def test_redundant_values_are_those_the_plain_regex_search_finds(texts, case_sensitive):
    values = [(("Action", i), text) for i, text in enumerate(texts)]
    expected = _redundant_by_regex(values, case_sensitive)
    assert actions.redundant(values, case_sensitive=case_sensitive) == expected


def test_positions_of_some_paths_are_those_of_the_full_scan():
    text = (FIXTURES / "source" / "tag-based.json").read_text(encoding="utf-8")
    full = positions.scan(text)
    paths = sorted({*full.keys, *full.values, "$.Statement[99]", "$.Nothing"}, reverse=True)
    assert [positions.locate(text, [p]).offset(p) for p in paths] == [full.offset(p) for p in paths]
    every = positions.locate(text, paths)
    assert [every.offset(p) for p in paths] == [full.offset(p) for p in paths]


json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values, st.sampled_from([None, 0, 2]), st.booleans(), st.data())
def test_positions_located_by_skipping_are_those_of_the_full_scan(value, indent, ascii, data):
    text = json.dumps(value, indent=indent, ensure_ascii=ascii)
    full = positions.scan(text)
    known = sorted({*full.keys, *full.values})
    # Paths the text holds, and some it does not (past an array's end, under a scalar).
    absent = [f"{p}[7]" for p in known] + [positions.child(p, "x.y") for p in known]
    targets = data.draw(st.lists(st.sampled_from(known + absent), max_size=6))
    located = positions.locate(text, targets)
    assert [located.offset(p) for p in targets] == [full.offset(p) for p in targets]


def _top_schema_errors(document: dict) -> list[object]:
    return list(grammar.compiled().iter_errors({**document, "Statement": []}))


def test_every_fixture_document_whose_top_is_called_clean_has_no_top_level_error():
    checks = json.loads((FIXTURES / "identity_checks.json").read_text(encoding="utf-8"))["checks"]
    documents = [d for c in checks.values() for d in (c["trips"], c["passes"])]
    documents = [d for d in documents if isinstance(d, dict) and "Statement" in d]
    called_clean = [d for d in documents if grammar._clean_top(d)]
    assert called_clean
    assert [d for d in called_clean if _top_schema_errors(d)] == []


def test_a_document_with_a_top_level_error_is_never_called_clean():
    wrong = [
        {"Statement": []},
        {"Version": "2012-10-18", "Statement": []},
        {"Version": "2012-10-17", "Id": 3, "Statement": []},
        {"Version": "2012-10-17", "Statement": [], "Other": 1},
    ]
    assert all(_top_schema_errors(d) for d in wrong)
    assert [d for d in wrong if grammar._clean_top(d)] == []


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="ab*?:/\n", max_size=8), max_size=8))
def test_resources_called_free_of_redundancy_have_no_redundant_resource(texts):
    values = [(("Resource", i), text) for i, text in enumerate(texts)]
    if not arns._may_be_redundant(texts):
        assert actions.redundant(values, case_sensitive=True) == []


def test_the_redundancy_pre_check_lets_through_only_lists_that_may_have_some():
    assert arns._may_be_redundant(["arn:aws:s3:::a/*", "arn:aws:s3:::a/b"])
    assert arns._may_be_redundant(["arn:aws:s3:::a", "arn:aws:s3:::a"])
    assert not arns._may_be_redundant(
        ["arn:aws:ssm:*::document/AWS-*", "arn:aws:ssm:*::document/AWSCodeDeployAgent-*"]
    )


@given(
    st.lists(st.lists(st.integers(0, 12), max_size=8).map(sorted), max_size=5),
    st.sets(st.integers(0, 12)),
)
def test_covering_candidates_are_those_of_the_plain_filter(runs, holders):
    plain = [i for i in dict.fromkeys(i for run in runs for i in run) if i in holders]
    assert statement_checks._candidates(runs, holders) == plain


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    json_values,
    st.lists(
        st.tuples(st.integers(0, 400), st.sampled_from("\x00\x0b\x0c\x1f\t\r\n \x7f")), max_size=3
    ),
)
def test_strict_ascii_json_holds_no_character_iam_rejects(value, inserts):
    text = json.dumps(value)
    for at, char in inserts:
        text = text[:at] + char + text[at:]
    result = parsing.parse(text)
    if result.ok and not result.repaired and text.isascii():
        assert document_checks.unsupported_characters(text) == []


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_condition_signatures_are_json_dumps_with_sorted_keys(value):
    assert statement_checks._CANONICAL(value) == json.dumps(value, sort_keys=True)


@given(glob_text)
def test_a_wildcard_values_head_is_the_text_before_its_first_wildcard(value):
    assert statement_checks._head(value) == re.split(r"[*?]", value, maxsplit=1)[0]


@given(st.lists(st.text(alphabet="aB*?${}:\n\u0130", max_size=6) | st.integers(), max_size=6))
def test_a_statements_lowered_actions_joined_hold_what_its_values_hold(items):
    stmt = StatementView(("Statement", 0), {"Effect": "Allow", "Action": items})
    strings = [v for v in items if isinstance(v, str)]
    lower, distinct, joined = stmt.lowered("Action")
    assert lower == [v.lower() for v in strings]
    assert distinct == frozenset(lower)
    for text in ("*", "?", "${", "$", "{"):
        assert (text in joined) == any(text in v for v in strings)


def _plain_check_values(ctx, op, key, values, raw, tokens):
    """conditions._check_values without its shortcuts: every value looked at one by one."""
    conditions._report_value_problems(ctx, op, key, values, raw, tokens)
    if op.family == "String" and not op.base.endswith("Like"):
        conditions._report_literal_wildcards(ctx, op, values, raw, tokens)
    conditions._check_null_false(ctx, op, key, values, tokens)


condition_scalars = (
    st.text(alphabet="a1.:/*?${}- ", max_size=8)
    | st.sampled_from(["true", "*", "10.0.0.0/8", "2024-01-01T00:00:00Z", "${*}"])
    | st.integers()
    | st.booleans()
    | st.none()
)


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(
        [
            "StringEquals",
            "StringNotEqualsIgnoreCase",
            "StringLike",
            "ForAnyValue:StringEquals",
            "StringEqualsIfExists",
            "ArnEquals",
            "ArnLike",
            "BinaryEquals",
            "Bool",
            "NumericLessThan",
            "DateGreaterThan",
            "IpAddress",
            "Null",
        ]
    ),
    condition_scalars | st.lists(condition_scalars, max_size=4),
)
def test_condition_values_are_reported_as_by_the_plain_loops(op_name, raw):
    op = conditions.parse_operator(op_name)
    assert op is not None
    values = raw if isinstance(raw, list) else [raw]
    tokens = ("Statement", 0, "Condition", op_name, "aws:username")
    fast, plain = Context({}, None), Context({}, None)
    conditions._check_values(fast, op, "aws:username", values, raw, tokens)
    _plain_check_values(plain, op, "aws:username", values, raw, tokens)
    assert [(r.code, r.message, r.tokens) for r in fast.items] == [
        (r.code, r.message, r.tokens) for r in plain.items
    ]


def _resolved_one_by_one(ctx: Context, stmt: StatementView) -> list[actions.Resolved]:
    """What actions.check returned before Resolutions: a Resolved for each value that
    _check_value resolves, made one by one (its path as the engine reports it)."""
    out = []
    key = stmt.action_key
    if key is None:
        return out
    for tokens, value in stmt.strings(key):
        found = actions._check_value(ctx, tokens, value)
        if found is not None:
            out.append(found)
    return out


_action_values = st.sampled_from(
    ["s3:GetObject", "s3:Get*", "S3:getobject", "*", "ec2:Describe*", "iam:PassRole", "kms:N?pe"]
    + ["s3:Nope", "nope:Get", "s3::GetObject", " s3:GetObject", "e*2:Run*", "s3", "s3:Get?bject"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["Action", "NotAction"]),
    _action_values | st.lists(_action_values | st.integers(), max_size=6),
)
def test_resolutions_are_the_resolved_values_made_one_by_one(key, value):
    document = {"Statement": [{"Effect": "Allow", key: value, "Resource": "*"}]}
    stmt = StatementView(("Statement", 0), document["Statement"][0])
    ctx, plain_ctx = Context(document, None), Context(document, None)
    resolutions = actions.check(ctx, stmt)
    plain = _resolved_one_by_one(plain_ctx, stmt)
    assert ctx.items == plain_ctx.items
    assert resolutions.values == [r.value for r in plain]
    assert resolutions.pairs == [(r.actions, r.wildcard) for r in plain]
    assert [resolutions.tokens(k) for k in range(len(plain))] == [r.tokens for r in plain]
    assert len(resolutions) == len(plain)
