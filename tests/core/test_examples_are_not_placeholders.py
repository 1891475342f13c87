"""The forms' own hints and examples never use a value the validator calls a placeholder
(issue #15): following an example must not earn a placeholder warning."""

from __future__ import annotations

import re

import pytest

from policybuilder.core import custom, scenarios
from policybuilder.core.params import AccountParam, ParamError
from policybuilder.core.validator import validate
from policybuilder.core.validator.arns import is_placeholder, placeholder_parts

SLUGS = [s.slug for s in scenarios.SCENARIOS]
ARN = re.compile(r"arn:[^\s,()]+")
ACCOUNT = re.compile(r"(?<!\d)\d{12}(?!\d)")


def placeholders_in_text(text: str) -> list[str]:
    """The placeholders in the ARNs and bare account IDs that a hint or an example shows."""
    found = [part for arn in ARN.findall(text) for part in placeholder_parts(arn.rstrip("."))]
    found += [n for n in ACCOUNT.findall(ARN.sub("", text)) if is_placeholder(n)]
    return found


def shown_values(param) -> list[str]:
    """Every text a parameter shows the admin: its example, its default and its help."""
    example = param.example_raw()
    values = example if isinstance(example, list | tuple) else [example]
    values = [*values, param.default, param.help]
    return [str(v) for v in values if v not in (None, "")]


def test_the_rule_under_test_finds_the_documentation_account_in_a_hint() -> None:
    assert placeholders_in_text("such as arn:aws:iam::111122223333:role/Admin.") == ["111122223333"]


@pytest.mark.parametrize("slug", SLUGS)
def test_no_example_default_or_help_of_a_scenario_parameter_is_a_placeholder(slug: str) -> None:
    scenario = scenarios.get(slug)
    found = {
        param.name: [p for text in shown_values(param) for p in placeholders_in_text(text)]
        for param in scenario.all_params
    }
    assert {name: parts for name, parts in found.items() if parts} == {}


@pytest.mark.parametrize("slug", SLUGS)
def test_the_policy_rendered_from_the_examples_has_no_placeholder_warning(slug: str) -> None:
    scenario = scenarios.get(slug)
    rendering = scenarios.render(scenario, scenario.example_values())
    codes = [f.code for f in validate(rendering.text)]
    assert "PB_PLACEHOLDER_IN_ARN" not in codes


def test_the_account_rule_message_gives_an_example_that_is_not_a_placeholder() -> None:
    with pytest.raises(ParamError) as raised:
        AccountParam(name="account", label="Account", help="", example="").clean("acme")
    assert placeholders_in_text(str(raised.value)) == []
    assert ACCOUNT.search(str(raised.value))


def test_the_custom_builders_value_hints_and_account_example_are_not_placeholders() -> None:
    texts = [*custom.VALUE_HINTS.values(), custom.placeholder_param("connect", "Account").example]
    assert [p for text in texts for p in placeholders_in_text(text)] == []
