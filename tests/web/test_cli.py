"""The ``list_scenarios`` and ``render_policy`` management commands.

Users script against these commands, so their exit codes, output and error
lines are an interface: tested in-process with ``call_command`` for detail,
and through ``manage.py`` in a subprocess for the real exit codes and streams.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from policybuilder.core.cli_values import AssignmentError, build_raw, split_assignment
from policybuilder.core.scenarios import SCENARIOS, get, render

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "scenarios"
UUID = "a1b2c3d4-5678-90ab-cdef-0123456789ab"


def run(*args: str) -> str:
    """Run a command in-process; its standard output."""
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def fail(*args: str) -> str:
    """Run a command that must fail; the CommandError message."""
    with pytest.raises(CommandError) as excinfo:
        run(*args)
    return str(excinfo.value)


def manage(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


# --- list_scenarios --------------------------------------------------------------------------


def test_list_scenarios_text_has_one_line_per_scenario_with_slug_and_title() -> None:
    lines = run("list_scenarios").splitlines()
    assert [line.split()[0] for line in lines] == [s.slug for s in SCENARIOS]
    assert all(line.endswith(s.title) for line, s in zip(lines, SCENARIOS, strict=True))


def test_list_scenarios_json_lists_the_twelve_scenarios_and_the_second_pages_thirteen() -> None:
    data = json.loads(run("list_scenarios", "--format", "json"))
    assert [entry["slug"] for entry in data] == [s.slug for s in SCENARIOS]
    assert len(data) == 12 + 13


def test_list_scenarios_json_gives_each_parameter_name_type_required_and_example() -> None:
    data = json.loads(run("list_scenarios", "--format", "json"))
    for entry in data:
        assert {"slug", "title", "area", "summary", "parameters"} <= entry.keys()
        for param in entry["parameters"]:
            assert {"name", "type", "required", "example"} <= param.keys(), param


def test_list_scenarios_refuses_an_unknown_format() -> None:
    assert "invalid choice" in fail("list_scenarios", "--format", "xml")


# --- render_policy: success ------------------------------------------------------------------


def expected_document(slug: str) -> str:
    """The reviewed document of a scenario (the second page's are in resource-level/)."""
    first = FIXTURES / f"{slug}.json"
    path = first if first.exists() else FIXTURES / "resource-level" / f"{slug}.json"
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("slug", [s.slug for s in SCENARIOS])
def test_render_policy_example_prints_the_expected_document(slug: str) -> None:
    assert run("render_policy", slug, "--example") == expected_document(slug)


def test_render_policy_output_is_exactly_the_engine_text() -> None:
    scenario = get("campaigns-onboarding")
    expected = render(scenario, scenario.example_values()).text
    assert run("render_policy", "campaigns-onboarding", "--example") == expected


def test_render_policy_without_parameters_renders_a_scenario_that_needs_none() -> None:
    assert json.loads(run("render_policy", "wisdom-assistants"))["Version"] == "2012-10-17"


def test_render_policy_set_overrides_an_example_value() -> None:
    document = json.loads(
        run("render_policy", "campaigns-offboarding", "--example", "--set", "region=eu-west-2")
    )
    assert document["Statement"][0]["Resource"][0].startswith("arn:aws:kms:eu-west-2:")


def test_render_policy_repeated_set_gives_several_tags_in_order() -> None:
    document = json.loads(
        run(
            "render_policy",
            "users-by-resource-tag",
            "--set",
            "tags=Department=Test",
            "--set",
            "tags=Team=Blue",
        )
    )
    assert document["Statement"][0]["Condition"] == {
        "StringEquals": {"aws:ResourceTag/Department": "Test", "aws:ResourceTag/Team": "Blue"}
    }


def test_render_policy_first_set_of_tags_replaces_the_example_tag() -> None:
    document = json.loads(
        run("render_policy", "users-by-resource-tag", "--example", "--set", "tags=Owner=TeamB")
    )
    assert document["Statement"][0]["Condition"] == {
        "StringEquals": {"aws:ResourceTag/Owner": "TeamB"}
    }


def test_render_policy_tag_value_may_contain_equals_signs() -> None:
    document = json.loads(
        run("render_policy", "create-users-with-request-tag", "--set", "tags=k=a=b")
    )
    assert document["Statement"][0]["Condition"] == {"StringEquals": {"aws:RequestTag/k": "a=b"}}


@pytest.mark.parametrize(
    "sets",
    [
        pytest.param(["actions=wisdom:GetAssistant,wisdom:ListAssistants"], id="comma-separated"),
        pytest.param(["actions=wisdom:GetAssistant", "actions=wisdom:ListAssistants"], id="repeat"),
    ],
)
def test_render_policy_set_actions_selects_actions(sets: list[str]) -> None:
    args = [arg for value in sets for arg in ("--set", value)]
    document = json.loads(run("render_policy", "wisdom-assistants", "--example", *args))
    assert document["Statement"][0]["Action"] == ["wisdom:GetAssistant", "wisdom:ListAssistants"]


def test_render_policy_last_set_of_a_single_valued_parameter_wins() -> None:
    document = json.loads(
        run(
            "render_policy",
            "view-users",
            "--set",
            "scope=account",
            "--set",
            "scope=instance",
            "--set",
            f"instance=arn:aws:connect:us-east-1:111122223333:instance/{UUID}",
        )
    )
    assert [s["Sid"] for s in document["Statement"]] == [
        "DescribeConnectUsersInInstance",
        "ListConnectUsersInInstance",
    ]


def test_render_policy_writes_latin_1_tags_unescaped() -> None:
    text = run("render_policy", "users-by-resource-tag", "--set", "tags=Équipe=Café")
    assert '"aws:ResourceTag/Équipe": "Café"' in text


# --- render_policy: errors -------------------------------------------------------------------


def test_render_policy_unknown_slug_fails_listing_the_known_ones() -> None:
    error = fail("render_policy", "no-such-scenario")
    assert "no-such-scenario" in error
    assert "view-users" in error


def test_render_policy_unknown_parameter_fails_naming_it() -> None:
    error = fail("render_policy", "wisdom-assistants", "--set", "colour=blue")
    assert "colour: unknown parameter" in error


def test_render_policy_set_without_equals_fails() -> None:
    assert "no '='" in fail("render_policy", "wisdom-assistants", "--set", "actions")


@pytest.mark.parametrize(
    ("args", "line"),
    [
        pytest.param(
            ["campaigns-onboarding", "--example", "--set", "kms_key=alias/campaigns"],
            "kms_key: An alias cannot be used here",
            id="kms-alias",
        ),
        pytest.param(
            ["campaigns-onboarding", "--example", "--set", "account=11112222333"],
            "account: An AWS account ID has exactly 12 digits; this has 11.",
            id="account-11-digits",
        ),
        pytest.param(
            ["users-by-resource-tag", "--set", "tags=aws:Department=Test"],
            "tags: Tag keys starting with aws: are reserved for AWS.",
            id="aws-tag-prefix",
        ),
        pytest.param(
            ["users-by-resource-tag", "--set", 'tags=Department=Te"st'],
            "tags: Tag value: a double quote is not allowed",
            id="quote-in-tag",
        ),
        pytest.param(
            ["users-by-resource-tag"],
            "tags: Add at least one tag.",
            id="missing-required",
        ),
        pytest.param(
            ["wisdom-assistants", "--set", "actions=wisdom:DeleteEverything"],
            "actions: Not an action of this scenario: wisdom:DeleteEverything.",
            id="unknown-action",
        ),
        pytest.param(
            ["campaigns-tag-based", "--example", "--set", "region=mars-1"],
            "region: 'mars-1' is not an AWS region",
            id="unknown-region",
        ),
    ],
)
def test_render_policy_bad_value_fails_naming_the_parameter_and_rule(
    args: list[str], line: str
) -> None:
    assert f"\n  {line}" in fail("render_policy", *args)


def test_render_policy_reports_every_problem_one_per_line() -> None:
    error = fail(
        "render_policy",
        "campaigns-onboarding",
        "--set",
        "kms_key=alias/x",
        "--set",
        "instance=nope",
        "--set",
        "colour=blue",
    )
    names = [line.strip().split(":")[0] for line in error.splitlines()[1:]]
    assert names == ["colour", "instance", "kms_key"]


# --- render_policy --output ------------------------------------------------------------------


def test_render_policy_output_writes_the_document_to_the_file(tmp_path: Path) -> None:
    target = tmp_path / "policy.json"
    stdout = run("render_policy", "view-users", "--example", "--output", str(target))
    assert stdout == ""
    assert target.read_text(encoding="utf-8") == (FIXTURES / "view-users.json").read_text(
        encoding="utf-8"
    )


def test_render_policy_output_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "policy.json"
    target.write_text("old", encoding="utf-8")
    run("render_policy", "view-users", "--example", "--output", str(target))
    assert json.loads(target.read_text(encoding="utf-8"))["Version"] == "2012-10-17"


def test_render_policy_output_leaves_no_temporary_file(tmp_path: Path) -> None:
    run("render_policy", "view-users", "--example", "--output", str(tmp_path / "policy.json"))
    assert [p.name for p in tmp_path.iterdir()] == ["policy.json"]


def test_render_policy_error_creates_no_output_file(tmp_path: Path) -> None:
    target = tmp_path / "policy.json"
    fail("render_policy", "users-by-resource-tag", "--set", "tags=aws:x=y", "--output", str(target))
    assert list(tmp_path.iterdir()) == []


def test_render_policy_error_leaves_an_existing_output_file_untouched(tmp_path: Path) -> None:
    target = tmp_path / "policy.json"
    target.write_text("previous policy", encoding="utf-8")
    fail("render_policy", "users-by-resource-tag", "--set", "tags=aws:x=y", "--output", str(target))
    assert target.read_text(encoding="utf-8") == "previous policy"


def test_render_policy_output_into_a_missing_directory_fails(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "policy.json"
    assert "does not exist" in fail("render_policy", "view-users", "--output", str(target))


# --- Through manage.py -----------------------------------------------------------------------


def test_manage_py_render_policy_succeeds_with_exit_code_zero() -> None:
    result = manage("render_policy", "view-users", "--example")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (FIXTURES / "view-users.json").read_text(encoding="utf-8")


def test_manage_py_render_policy_bad_value_exits_non_zero_on_stderr() -> None:
    result = manage(
        "render_policy", "campaigns-onboarding", "--example", "--set", "kms_key=alias/x"
    )
    assert result.returncode != 0
    assert result.stdout == ""
    assert "kms_key: An alias cannot be used here" in result.stderr


def test_manage_py_render_policy_unknown_slug_exits_non_zero() -> None:
    assert manage("render_policy", "no-such-scenario").returncode != 0


def test_manage_py_list_scenarios_json_is_parseable() -> None:
    result = manage("list_scenarios", "--format", "json")
    assert result.returncode == 0
    assert len(json.loads(result.stdout)) == len(SCENARIOS)


def test_manage_py_render_policy_help_documents_the_set_syntax() -> None:
    result = manage("render_policy", "--help")
    assert "--set tags=Department=Test --set tags=Team=Blue" in result.stdout


# --- cli_values ------------------------------------------------------------------------------


PARAMS = get("users-by-resource-tag").all_params


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tags=Department=Test", ("tags", "Department=Test")),
        ("region=", ("region", "")),
        (" region =us-east-1", ("region", "us-east-1")),
    ],
)
def test_assignment_is_split_at_the_first_equals(text: str, expected: tuple[str, str]) -> None:
    assignment = split_assignment(text)
    assert (assignment.name, assignment.value) == expected


@pytest.mark.parametrize("text", ["tags", "=value", ""])
def test_assignment_without_a_name_is_refused(text: str) -> None:
    with pytest.raises(AssignmentError):
        split_assignment(text)


def test_build_raw_accumulates_multiple_values_and_replaces_the_base() -> None:
    raw, errors = build_raw(PARAMS, ["tags=A=1", "tags=B=2"], base={"tags": ["Department=Test"]})
    assert (raw["tags"], errors) == (["A=1", "B=2"], [])


def test_build_raw_keeps_base_values_that_are_not_set() -> None:
    base: dict[str, Any] = {"tags": ["Department=Test"], "actions": ["connect:DescribeUser"]}
    raw, _ = build_raw(PARAMS, ["tags=A=1"], base=base)
    assert raw["actions"] == ["connect:DescribeUser"]


def test_build_raw_reports_every_unknown_name() -> None:
    _, errors = build_raw(PARAMS, ["x=1", "tags=A=1", "y=2"])
    assert [e.name for e in errors] == ["x", "y"]
