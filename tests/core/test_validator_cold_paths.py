"""The shortcuts of the validator's cold path give what the plain code gives.

(The command's start-to-exit time over many files: the copies and texts of the fixes'
documents, the expansion of wildcard actions, the catalogue's tables, the JSON report.)
"""

from __future__ import annotations

import json

from policybuilder.core.document import dumps
from policybuilder.core.validator import fixes


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
