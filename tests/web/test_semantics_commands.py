"""simulate_policy, compare_policies and access_summary: the exact command-line contract."""

from __future__ import annotations

import io
import json
import sys

import pytest
from django.core.management import load_command_class

from policybuilder.core.semantics.evaluate import evaluate
from policybuilder.core.semantics.model import load_policy, load_request
from policybuilder.core.semantics.summary import access_summary

INSTANCE = "arn:aws:connect:us-east-1:111122223333:instance/a1b2c3d4-5678-90ab-cdef-0123456789ab"
POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ReadUsers",
            "Effect": "Allow",
            "Action": ["connect:DescribeUser", "connect:ListUsers"],
            "Resource": "*",
        },
        {
            "Sid": "TagOnlyOwner",
            "Effect": "Allow",
            "Action": "connect:TagResource",
            "Resource": "*",
            "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["Owner", "Env"]}},
        },
        {"Sid": "NoDeletes", "Effect": "Deny", "Action": "connect:Delete*", "Resource": "*"},
    ],
}
WIDER = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": "connect:DescribeUser", "Resource": "*"},
        {"Effect": "Allow", "Action": "connect:DeleteUser", "Resource": "*"},
    ],
}
NARROW = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "connect:DescribeUser", "Resource": "*"}],
}
INVALID = json.dumps(
    {**NARROW, "Statement": [{**NARROW["Statement"][0], "Action": "connect:DescribeUserz"}]}
)


@pytest.fixture
def manage(capsys, monkeypatch):
    """Run ``manage.py NAME ARGS...`` in-process: (exit status, stdout, stderr)."""

    def run(name: str, *args: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        command = load_command_class("policybuilder.web", name)
        with pytest.raises(SystemExit) as stopped:
            command.run_from_argv(["manage.py", name, *args])
        out, err = capsys.readouterr()
        return stopped.value.code, out, err

    return run


@pytest.fixture
def files(tmp_path):
    """A function that writes JSON (or text) to a file in tmp_path and returns its path."""

    def write(name: str, content) -> str:
        path = tmp_path / name
        path.write_text(content if isinstance(content, str) else json.dumps(content))
        return str(path)

    return write


# --- simulate_policy --------------------------------------------------------------------------


def test_simulate_prints_one_result_per_request_in_order(manage, files):
    requests = [
        {"action": "connect:DescribeUser", "resource": INSTANCE + "/agent/u1"},
        {"action": "connect:DeleteUser", "resource": INSTANCE + "/agent/u1"},
        {"action": "connect:CreateUser"},
    ]
    status, out, _ = manage(
        "simulate_policy",
        files("p.json", POLICY),
        "--requests",
        files("r.json", requests),
        "--format",
        "json",
    )
    assert status == 0
    results = json.loads(out)
    assert [r["decision"] for r in results] == ["allow", "explicit_deny", "implicit_deny"]
    assert [r["statements"] for r in results] == [[0], [2], []]
    assert all(set(r) == {"decision", "statements", "explanation"} for r in results)


def test_simulate_names_the_deny_that_decides_an_explicit_deny(manage, files):
    policy = {
        **POLICY,
        "Statement": [
            *POLICY["Statement"],
            {"Effect": "Allow", "Action": "connect:*", "Resource": "*"},
        ],
    }
    status, out, _ = manage(
        "simulate_policy",
        files("p.json", policy),
        "--requests",
        files("r.json", [{"action": "connect:DeleteUser"}]),
        "--format",
        "json",
    )
    [result] = json.loads(out)
    assert (result["decision"], result["statements"]) == ("explicit_deny", [2])


def test_simulate_gives_a_request_without_resource_the_resource_star(manage, files):
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "connect:ListUsers", "Resource": INSTANCE}],
    }
    requests = [{"action": "connect:ListUsers"}, {"action": "connect:ListUsers", "resource": "*"}]
    _, out, _ = manage(
        "simulate_policy",
        files("p.json", policy),
        "--requests",
        files("r.json", requests),
        "--format",
        "json",
    )
    without, star = json.loads(out)
    assert without == star
    assert without["decision"] == "implicit_deny"


def test_simulate_reads_list_context_values_for_multivalued_keys(manage, files):
    requests = [
        {
            "action": "connect:TagResource",
            "resource": INSTANCE,
            "context": {"aws:TagKeys": ["Owner", "Env"]},
        },
        {
            "action": "connect:TagResource",
            "resource": INSTANCE,
            "context": {"aws:TagKeys": ["Owner", "Cost"]},
        },
    ]
    _, out, _ = manage(
        "simulate_policy",
        files("p.json", POLICY),
        "--requests",
        files("r.json", requests),
        "--format",
        "json",
    )
    assert [r["decision"] for r in json.loads(out)] == ["allow", "implicit_deny"]


def test_simulate_agrees_with_the_evaluator_on_every_request(manage, files):
    requests = [
        {"action": "connect:DescribeUser", "context": {"aws:MultiFactorAuthPresent": "true"}},
        {"action": "connect:DeleteQueue", "resource": INSTANCE + "/queue/q1"},
    ]
    _, out, _ = manage(
        "simulate_policy",
        files("p.json", POLICY),
        "--requests",
        files("r.json", requests),
        "--format",
        "json",
    )
    policy = load_policy(POLICY)
    assert json.loads(out) == [evaluate(policy, load_request(r)).to_dict() for r in requests]


def test_simulate_writes_text_by_default_naming_each_request_and_its_decision(manage, files):
    status, out, _ = manage(
        "simulate_policy",
        files("p.json", POLICY),
        "--requests",
        files("r.json", [{"action": "connect:DescribeUser"}]),
    )
    assert status == 0
    assert out.startswith(
        'requests[0] connect:DescribeUser on *: allow (Statement 0 ("ReadUsers"))'
    )


def test_simulate_reads_the_requests_from_standard_input(manage, files):
    status, out, _ = manage(
        "simulate_policy",
        files("p.json", POLICY),
        "--requests",
        "-",
        "--format",
        "json",
        stdin='[{"action": "connect:ListUsers"}]',
    )
    assert status == 0
    assert json.loads(out)[0]["decision"] == "allow"


def test_simulate_reads_the_policy_from_standard_input(manage, files):
    status, out, _ = manage(
        "simulate_policy",
        "-",
        "--requests",
        files("r.json", [{"action": "connect:ListUsers"}]),
        "--format",
        "json",
        stdin=json.dumps(POLICY),
    )
    assert status == 0
    assert json.loads(out)[0]["decision"] == "allow"


def test_simulate_refuses_an_invalid_policy_with_status_one_and_the_validators_errors(
    manage, files
):
    status, out, err = manage(
        "simulate_policy",
        files("p.json", INVALID),
        "--requests",
        files("r.json", [{"action": "connect:ListUsers"}]),
    )
    assert status == 1
    assert out == ""
    assert "INVALID_ACTION" in err and "DescribeUserz" in err


def test_simulate_names_the_bad_request_and_field_with_status_two(manage, files):
    requests = [{"action": "connect:ListUsers"}, {"action": "ListUsers"}]
    status, out, err = manage(
        "simulate_policy",
        files("p.json", POLICY),
        "--requests",
        files("r.json", requests),
    )
    assert status == 2
    assert out == ""
    assert "requests[1].action: " in err


def test_simulate_names_a_bad_context_value(manage, files):
    requests = [{"action": "connect:ListUsers", "context": {"aws:SourceIp": {"nested": 1}}}]
    status, _, err = manage(
        "simulate_policy",
        files("p.json", POLICY),
        "--requests",
        files("r.json", requests),
    )
    assert status == 2
    assert "requests[0].context.aws:SourceIp" in err


def test_simulate_refuses_a_requests_file_that_is_not_json_with_status_two(manage, files):
    status, _, err = manage(
        "simulate_policy",
        files("p.json", POLICY),
        "--requests",
        files("r.json", "[{"),
    )
    assert status == 2
    assert "is not JSON" in err


def test_simulate_refuses_a_requests_file_that_is_not_a_list(manage, files):
    status, _, err = manage(
        "simulate_policy",
        files("p.json", POLICY),
        "--requests",
        files("r.json", {"action": "connect:ListUsers"}),
    )
    assert status == 2
    assert "requests: " in err


def test_simulate_refuses_an_unreadable_requests_file_with_status_two(manage, files, tmp_path):
    status, _, err = manage(
        "simulate_policy",
        files("p.json", POLICY),
        "--requests",
        str(tmp_path / "missing.json"),
    )
    assert status == 2
    assert "cannot read" in err and "Traceback" not in err


def test_simulate_without_requests_is_a_usage_error(manage, files):
    status, _, err = manage("simulate_policy", files("p.json", POLICY))
    assert status == 2
    assert "--requests" in err


def test_simulate_refuses_standard_input_for_both_files(manage):
    status, _, err = manage("simulate_policy", "-", "--requests", "-")
    assert status == 2
    assert "only one file" in err


# --- compare_policies -------------------------------------------------------------------------


def test_compare_prints_the_verdict_witnesses_and_summary_as_json(manage, files):
    status, out, _ = manage(
        "compare_policies",
        files("old.json", NARROW),
        files("new.json", WIDER),
        "--format",
        "json",
    )
    assert status == 0
    result = json.loads(out)
    assert set(result) == {"verdict", "broader_witness", "narrower_witness", "summary"}
    assert result["verdict"] == "broader"
    assert result["narrower_witness"] is None
    witness = load_request(result["broader_witness"])
    assert evaluate(load_policy(WIDER), witness).decision == "allow"
    assert evaluate(load_policy(NARROW), witness).decision != "allow"


def test_compare_of_a_policy_with_itself_is_equivalent_without_witnesses(manage, files):
    _, out, _ = manage(
        "compare_policies",
        files("old.json", POLICY),
        files("new.json", POLICY),
        "--format",
        "json",
    )
    result = json.loads(out)
    assert (result["verdict"], result["broader_witness"], result["narrower_witness"]) == (
        "equivalent",
        None,
        None,
    )


def test_compare_writes_text_by_default_with_the_verdict_first(manage, files):
    status, out, _ = manage("compare_policies", files("old.json", WIDER), files("new.json", NARROW))
    assert status == 0
    assert out.startswith("Verdict: narrower\n")
    assert "OLD allows and NEW does not: connect:DeleteUser" in out


def test_compare_reads_one_policy_from_standard_input(manage, files):
    status, out, _ = manage(
        "compare_policies",
        "-",
        files("new.json", NARROW),
        "--format",
        "json",
        stdin=json.dumps(NARROW),
    )
    assert status == 0
    assert json.loads(out)["verdict"] == "equivalent"


def test_compare_refuses_an_invalid_policy_with_status_one(manage, files):
    status, out, err = manage(
        "compare_policies", files("old.json", NARROW), files("new.json", INVALID)
    )
    assert status == 1
    assert out == ""
    assert "new.json is not a valid policy" in err and "INVALID_ACTION" in err


def test_compare_refuses_an_unreadable_file_with_status_two(manage, files, tmp_path):
    status, _, err = manage(
        "compare_policies", files("old.json", NARROW), str(tmp_path / "gone.json")
    )
    assert status == 2
    assert "cannot read" in err


# --- access_summary ---------------------------------------------------------------------------


def test_access_summary_prints_the_summary_dict_as_json(manage, files):
    status, out, _ = manage("access_summary", files("p.json", POLICY), "--format", "json")
    assert status == 0
    assert json.loads(out) == access_summary(load_policy(POLICY)).to_dict()


def test_access_summary_writes_text_by_default(manage, files):
    status, out, _ = manage("access_summary", "-", stdin=json.dumps(POLICY))
    assert status == 0
    assert "Amazon Connect (connect): 3 actions" in out
    assert 'every value of aws:TagKeys is one of "Owner", "Env"' in out


def test_access_summary_refuses_an_invalid_policy_with_status_one(manage, files):
    status, out, err = manage("access_summary", files("p.json", INVALID))
    assert status == 1
    assert out == "" and "INVALID_ACTION" in err


def test_access_summary_refuses_a_policy_that_is_not_json_with_status_one(manage, files):
    status, _, err = manage("access_summary", files("p.json", "{not json"))
    assert status == 1
    assert "not a valid policy" in err


def test_access_summary_refuses_an_unknown_format_with_status_two(manage, files):
    status, _, err = manage("access_summary", files("p.json", POLICY), "--format", "yaml")
    assert status == 2
    assert "yaml" in err


def test_simulate_reads_files_that_start_with_a_byte_order_mark(manage, tmp_path):
    policy, requests = tmp_path / "p.json", tmp_path / "r.json"
    policy.write_bytes(b"\xef\xbb\xbf" + json.dumps(POLICY).encode())
    requests.write_bytes(b"\xef\xbb\xbf" + b'[{"action": "connect:ListUsers"}]')
    status, out, _ = manage(
        "simulate_policy", str(policy), "--requests", str(requests), "--format", "json"
    )
    assert status == 0
    assert json.loads(out)[0]["decision"] == "allow"


def test_simulate_refuses_a_requests_file_that_is_not_utf8(manage, files, tmp_path):
    requests = tmp_path / "r.json"
    requests.write_bytes(b'[{"action": "connect:\xff"}]')
    status, _, err = manage("simulate_policy", files("p.json", POLICY), "--requests", str(requests))
    assert status == 2
    assert "not UTF-8" in err
