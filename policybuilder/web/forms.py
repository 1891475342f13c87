"""Django forms that wrap the core's typed parameters.

The form does no validation of its own: it collects the raw values from the
request, hands them to the scenario engine, and shows the engine's messages
beside the fields they concern.  One rule, one message, whichever way the
value arrives (form, command line, API).
"""

from __future__ import annotations

from typing import Any

from django import forms

from policybuilder.core import iam_catalog, regions
from policybuilder.core.params import (
    ActionsParam,
    BooleanParam,
    ChoiceParam,
    Param,
    PartitionParam,
    RegionParam,
    TagsParam,
)
from policybuilder.core.scenarios import Rendering, Scenario, render


class TagRowsWidget(forms.Widget):
    """Rows of key/value inputs submitted as ``<name>_key`` and ``<name>_value`` lists."""

    template_name = "web/widgets/tag_rows.html"

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[tuple[str, str]]:
        keys = data.getlist(f"{name}_key") if hasattr(data, "getlist") else []
        values = data.getlist(f"{name}_value") if hasattr(data, "getlist") else []
        values = values + [""] * (len(keys) - len(values))
        return list(zip(keys, values, strict=False))

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return f"{name}_key" not in data

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        rows = [tuple(row) for row in (value or [])] or [("", "")]
        context["widget"]["rows"] = rows
        return context


class ActionChecklistWidget(forms.CheckboxSelectMultiple):
    """The action checklist, each action with its access level and description."""

    option_template_name = "web/widgets/action_option.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        action = iam_catalog.get_action(str(value))
        option["access_level"] = action.access_level if action else ""
        option["description"] = action.description if action else ""
        return option


class ParamField(forms.Field):
    """A form field for one core parameter; the engine validates it (see the module doc)."""

    def __init__(self, param: Param, **kwargs: Any) -> None:
        self.param = param
        super().__init__(required=False, label=param.label, help_text=param.help, **kwargs)

    def clean(self, value: Any) -> Any:
        return value


def region_choices() -> list[tuple[str, Any]]:
    groups: list[tuple[str, Any]] = [("", "— choose, or give an ARN —")]
    for partition in regions.PARTITIONS:
        connect = regions.connect_regions(partition)
        others = [r for r in regions.regions(partition) if r not in connect]
        if connect:
            groups.append((f"{partition}: Amazon Connect regions", [(r, r) for r in connect]))
        if others:
            groups.append((f"{partition}: other regions", [(r, r) for r in others]))
    return groups


def _widget(param: Param) -> forms.Widget:
    placeholder = {"placeholder": f"e.g. {param.example}"} if param.example else {}
    if isinstance(param, ActionsParam):
        return ActionChecklistWidget(choices=[(a, a) for a in param.choices])
    if isinstance(param, TagsParam):
        return TagRowsWidget()
    if isinstance(param, BooleanParam):
        return forms.CheckboxInput()
    if isinstance(param, PartitionParam):
        blank = [("", "From the ARN, else aws")]
        return forms.Select(choices=blank + [(p, p) for p in regions.PARTITIONS])
    if isinstance(param, RegionParam):
        return forms.Select(choices=region_choices())
    if isinstance(param, ChoiceParam):
        return forms.RadioSelect(choices=param.choices)
    return forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", **placeholder})


def initial_values(scenario: Scenario) -> dict[str, Any]:
    """What a new form starts with: defaults, never example account or resource IDs."""
    initial: dict[str, Any] = {}
    for param in scenario.all_params:
        if isinstance(param, ActionsParam):
            initial[param.name] = list(param.defaults)
        elif param.default is not None:
            initial[param.name] = param.default
    return initial


class ScenarioForm(forms.Form):
    def __init__(self, scenario: Scenario, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", initial_values(scenario))
        super().__init__(*args, **kwargs)
        self.scenario = scenario
        self.rendering: Rendering | None = None
        for param in scenario.all_params:
            field = ParamField(param, widget=_widget(param))
            field.only_when = dict(param.only_when)
            self.fields[param.name] = field
        self.order_fields([p.name for p in scenario.all_params])

    def raw_values(self) -> dict[str, Any]:
        raw = {}
        for name, field in self.fields.items():
            value = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            if isinstance(field.param, ActionsParam) and not value and self.is_bound:
                value = [","]  # an empty checklist is a choice, not "use the defaults"
            raw[name] = value
        return raw

    def clean(self) -> dict[str, Any]:
        self.rendering = render(self.scenario, self.raw_values())
        for name, message in self.rendering.errors.items():
            self.add_error(name if name in self.fields else None, message)
        return self.cleaned_data
