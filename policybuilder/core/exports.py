"""A policy document in the forms people paste into their pipelines and infrastructure code.

Every export carries exactly the document it was given: structured formats
(JSON, CloudFormation in JSON and YAML) are built as Python data and
serialised by a library, never by string templating, so no value can break
out of its place.  Terraform and the shell need text: there the document is
embedded as the canonical JSON with only the escapes those languages demand
(``$${`` and ``%%{`` in an HCL heredoc, ``shlex.quote`` for the shell), and
the tests parse each export back to the same document.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from typing import Any

import yaml

from policybuilder.core.document import canonical, dumps

#: IAM's rule for policy names (CreatePolicy's PolicyName): 1-128 of these, ASCII only.
POLICY_NAME_RE = re.compile(r"[A-Za-z0-9_+=,.@-]{1,128}")


@dataclass(frozen=True)
class Format:
    """One export format: its name (the API's ``format``, the forms' ``export_format``), its
    label (a saved template's links, the combine page, the audit log) and its button's words."""

    name: str
    label: str
    button: str


#: The export formats, once: the forms, the pages, the API's schema type and the README's list
#: of formats (tests/core/test_exports.py checks it) are all made from this table.
TABLE: tuple[Format, ...] = (
    Format("json", "Policy document (JSON)", "JSON"),
    Format("cloudformation-yaml", "CloudFormation (YAML)", "CloudFormation (YAML)"),
    Format("cloudformation-json", "CloudFormation (JSON)", "CloudFormation (JSON)"),
    Format("terraform", "Terraform (aws_iam_policy)", "Terraform"),
    Format("aws-cli", "AWS CLI command (with a file)", "AWS CLI (file)"),
    Format("aws-cli-inline", "AWS CLI command (document inline)", "AWS CLI (inline)"),
)
#: The formats' names, in the table's order (the API's ``Literal`` type).
NAMES: tuple[str, ...] = tuple(f.name for f in TABLE)
#: Name -> label.
FORMATS: dict[str, str] = {f.name: f.label for f in TABLE}
#: The builders' export buttons, (name, words): JSON has a download button of its own.
BUTTONS: tuple[tuple[str, str], ...] = tuple((f.name, f.button) for f in TABLE if f.name != "json")

#: The delimiter of the Terraform heredoc; canonical JSON never has it alone on a line.
HEREDOC_END = "EOT"


class ExportError(ValueError):
    """A bad format or policy name; ``str(error)`` is written for the person who gave it."""


@dataclass(frozen=True)
class Export:
    """One export: the text, and how to offer it as a download."""

    format: str
    content: str
    filename: str
    media_type: str

    def to_dict(self) -> dict[str, str]:
        return {
            "format": self.format,
            "content": self.content,
            "filename": self.filename,
            "media_type": self.media_type,
        }


def check_policy_name(name: str) -> str:
    """The name if IAM accepts it as a policy name; raises ExportError otherwise."""
    if not POLICY_NAME_RE.fullmatch(name or ""):
        raise ExportError(
            "A policy name is 1 to 128 characters: letters, digits and _+=,.@- only "
            f"(got {name!r})."
        )
    return name


def default_name(stem: str) -> str:
    """A valid policy name made from any text (a scenario slug, a template's name)."""
    cleaned = re.sub(r"[^A-Za-z0-9_+=,.@-]+", "-", stem).strip("-")[:128]
    return cleaned or "policy"


def logical_id(name: str) -> str:
    """A CloudFormation logical ID (alphanumeric, starting with a letter) from a policy name."""
    words = re.split(r"[^A-Za-z0-9]+", name)
    camel = "".join(w[:1].upper() + w[1:] for w in words if w)
    if not camel or not camel[0].isalpha():
        camel = f"Policy{camel}"
    return camel[:255]


def terraform_identifier(name: str) -> str:
    """A Terraform resource name: letters, digits, ``_`` and ``-``, not starting with a digit."""
    ident = re.sub(r"[^A-Za-z0-9_-]", "_", name)
    if not ident or not (ident[0].isalpha() or ident[0] == "_"):
        ident = f"policy_{ident}"
    return ident


def hcl_escape_template(text: str) -> str:
    """Text safe inside an HCL heredoc or string: no interpolation or directive can start.

    Terraform reads ``${`` and ``%{`` as the start of a template; ``$${`` and
    ``%%{`` are its escapes for the literal characters.  IAM policy variables
    such as ``${aws:username}`` must reach AWS unchanged.
    """
    return text.replace("${", "$${").replace("%{", "%%{")


def hcl_string(text: str) -> str:
    """A quoted HCL string literal for any text."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{hcl_escape_template(escaped)}"'


def minified(document: Any) -> str:
    """The document as one line of JSON, as the AWS CLI takes it inline."""
    return json.dumps(canonical(document), separators=(",", ":"), ensure_ascii=False)


def cloudformation_template(document: Any, name: str, description: str = "") -> dict[str, Any]:
    """A CloudFormation template with one ``AWS::IAM::ManagedPolicy`` and its ARN as output."""
    resource_id = logical_id(name)
    properties: dict[str, Any] = {"ManagedPolicyName": name}
    if description:
        # CloudFormation allows 1,000 characters of description.
        properties["Description"] = description[:1000]
    properties["PolicyDocument"] = canonical(document)
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": f"IAM managed policy {name}",
        "Resources": {resource_id: {"Type": "AWS::IAM::ManagedPolicy", "Properties": properties}},
        "Outputs": {
            "PolicyArn": {
                "Description": "The ARN of the managed policy",
                "Value": {"Ref": resource_id},
            }
        },
    }


def terraform(document: Any, name: str, description: str = "") -> str:
    """An ``aws_iam_policy`` resource whose ``policy`` is the canonical JSON in a heredoc."""
    body = hcl_escape_template(dumps(document))
    attributes = [("name", hcl_string(name))]
    if description:
        attributes.append(("description", hcl_string(description)))
    attributes.append(("policy", f"<<{HEREDOC_END}"))
    width = max(len(key) for key, _ in attributes)
    lines = [f'resource "aws_iam_policy" "{terraform_identifier(name)}" {{']
    lines += [f"  {key.ljust(width)} = {value}" for key, value in attributes]
    return "\n".join(lines) + "\n" + body + f"{HEREDOC_END}\n}}\n"


def aws_cli(name: str) -> str:
    """The create-policy command that reads the document from ``NAME.json``."""
    return (
        "aws iam create-policy --policy-name "
        f"{shlex.quote(name)} --policy-document {shlex.quote(f'file://{name}.json')}\n"
    )


def aws_cli_inline(document: Any, name: str) -> str:
    """The create-policy command with the document inline, quoted for a POSIX shell."""
    return (
        "aws iam create-policy --policy-name "
        f"{shlex.quote(name)} --policy-document {shlex.quote(minified(document))}\n"
    )


def export(document: Any, fmt: str, name: str, description: str = "") -> Export:
    """The document in one of :data:`FORMATS`; raises ExportError for a bad format or name."""
    if fmt not in FORMATS:
        raise ExportError(f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    check_policy_name(name)
    if fmt == "json":
        return Export(fmt, dumps(document), f"{name}.json", "application/json")
    if fmt == "cloudformation-yaml":
        data = cloudformation_template(document, name, description)
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000)
        return Export(fmt, text, f"{name}.cfn.yaml", "application/yaml")
    if fmt == "cloudformation-json":
        data = cloudformation_template(document, name, description)
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        return Export(fmt, text, f"{name}.cfn.json", "application/json")
    if fmt == "terraform":
        return Export(fmt, terraform(document, name, description), f"{name}.tf", "text/plain")
    if fmt == "aws-cli":
        return Export(fmt, aws_cli(name), f"{name}.sh", "text/x-shellscript")
    return Export(fmt, aws_cli_inline(document, name), f"{name}.sh", "text/x-shellscript")
