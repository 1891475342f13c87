"""Each export parses in its own language and carries exactly the policy document."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import hcl2
import pytest
import yaml

from policybuilder.core import exports, scenarios

#: A document with everything an export could mangle: policy variables (Terraform interpolates
#: ``${``), a template directive (``%{``), quotes, a backslash, a single quote (the shell),
#: a line that is only the heredoc delimiter, YAML-special text and non-ASCII Latin-1.
TRICKY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Tricky",
            "Effect": "Allow",
            "Action": ["s3:GetObject"],
            "Resource": "arn:aws:s3:::bucket/${aws:username}/%{if x}'\"\\\nEOT\n",
            "Condition": {"StringEquals": {"aws:PrincipalTag/team": "yes: no # é"}},
        }
    ],
}


def example_document(slug: str = "view-own-permissions") -> dict:
    scenario = scenarios.get(slug)
    return scenarios.render(scenario, scenario.example_values()).document


def terraform_policy(text: str) -> dict:
    """The ``policy`` heredoc of the one aws_iam_policy resource, read as Terraform reads it."""
    parsed = hcl2.loads(text)
    (resource,) = parsed["resource"]
    (body,) = resource['"aws_iam_policy"'].values()
    heredoc = body["policy"]
    assert heredoc.startswith('"<<EOT\n') and heredoc.endswith('\nEOT"')
    template = heredoc[len('"<<EOT\n') : -len('\nEOT"')]
    # Terraform's template escapes: $${ is a literal ${, %%{ a literal %{.
    return json.loads(template.replace("$${", "${").replace("%%{", "%{"))


def cloudformation_document(data: dict) -> dict:
    (resource,) = data["Resources"].values()
    assert resource["Type"] == "AWS::IAM::ManagedPolicy"
    return resource["Properties"]["PolicyDocument"]


@pytest.mark.parametrize("document", [example_document(), TRICKY], ids=["example", "tricky"])
def test_json_export_is_the_document(document):
    assert json.loads(exports.export(document, "json", "p").content) == document


@pytest.mark.parametrize("document", [example_document(), TRICKY], ids=["example", "tricky"])
def test_cloudformation_yaml_parses_to_the_same_document(document):
    text = exports.export(document, "cloudformation-yaml", "p").content
    assert cloudformation_document(yaml.safe_load(text)) == document


@pytest.mark.parametrize("document", [example_document(), TRICKY], ids=["example", "tricky"])
def test_cloudformation_json_parses_to_the_same_document(document):
    text = exports.export(document, "cloudformation-json", "p").content
    assert cloudformation_document(json.loads(text)) == document


def test_cloudformation_names_the_policy_and_outputs_its_arn():
    data = yaml.safe_load(exports.export(TRICKY, "cloudformation-yaml", "agents.read").content)
    (logical_id,) = data["Resources"]
    assert data["Resources"][logical_id]["Properties"]["ManagedPolicyName"] == "agents.read"
    assert data["Outputs"]["PolicyArn"]["Value"] == {"Ref": logical_id}


def test_cloudformation_logical_id_is_alphanumeric():
    assert exports.logical_id("1st-policy.v2") == "Policy1stPolicyV2"


@pytest.mark.parametrize("document", [example_document(), TRICKY], ids=["example", "tricky"])
def test_terraform_heredoc_reads_back_as_the_same_document(document):
    text = exports.export(document, "terraform", "p").content
    assert terraform_policy(text) == document


def test_terraform_escapes_policy_variables_so_terraform_does_not_interpolate_them():
    text = exports.export(example_document(), "terraform", "p").content
    assert "$${aws:username}" in text
    assert "${aws:username}" not in text.replace("$${", "")


def test_terraform_resource_is_an_aws_iam_policy_with_the_name():
    parsed = hcl2.loads(exports.export(TRICKY, "terraform", "team+ops@x").content)
    (resource,) = parsed["resource"]
    (body,) = resource['"aws_iam_policy"'].values()
    assert body["name"] == '"team+ops@x"'


def test_terraform_description_is_an_escaped_string():
    text = exports.export(TRICKY, "terraform", "p", description='say "${hi}"').content
    parsed = hcl2.loads(text)
    (body,) = parsed["resource"][0]['"aws_iam_policy"'].values()
    assert body["description"] == '"say \\"$${hi}\\""'


def test_aws_cli_command_reads_the_document_from_a_file_named_after_the_policy():
    command = exports.export(TRICKY, "aws-cli", "agents.read").content
    assert shlex.split(command) == [
        "aws",
        "iam",
        "create-policy",
        "--policy-name",
        "agents.read",
        "--policy-document",
        "file://agents.read.json",
    ]


@pytest.mark.parametrize("document", [example_document(), TRICKY], ids=["example", "tricky"])
def test_aws_cli_inline_command_carries_the_document_through_the_shell(document):
    argv = shlex.split(exports.export(document, "aws-cli-inline", "p").content)
    assert argv[:5] == ["aws", "iam", "create-policy", "--policy-name", "p"]
    assert argv[5] == "--policy-document"
    assert json.loads(argv[6]) == document


def test_aws_cli_inline_command_is_one_shell_word_per_argument():
    argv = shlex.split(exports.export(TRICKY, "aws-cli-inline", "p").content)
    assert len(argv) == 7


@pytest.mark.parametrize("name", ["", "a" * 129, "has space", "semi;colon", "é", "a/b", "$(x)"])
def test_invalid_policy_names_are_refused(name):
    with pytest.raises(exports.ExportError):
        exports.export(TRICKY, "json", name)


@pytest.mark.parametrize("name", ["a", "a" * 128, "A_b+c=d,e.f@g-h"])
def test_every_character_iam_allows_in_a_policy_name_is_accepted(name):
    assert exports.check_policy_name(name) == name


def test_an_unknown_format_is_refused():
    with pytest.raises(exports.ExportError):
        exports.export(TRICKY, "pulumi", "p")


def test_default_name_turns_any_text_into_a_valid_policy_name():
    assert exports.check_policy_name(exports.default_name("Agents: own permissions!"))


def test_every_format_has_a_file_name_and_media_type():
    for fmt in exports.FORMATS:
        export = exports.export(TRICKY, fmt, "p")
        assert export.filename.startswith("p.") and export.media_type


README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.parametrize("name", exports.NAMES)
def test_the_readme_names_every_export_format(name):
    assert f"`{name}`" in README.read_text()


def test_the_builders_buttons_are_every_format_but_json_which_has_its_own():
    assert [name for name, _ in exports.BUTTONS] == [n for n in exports.NAMES if n != "json"]
