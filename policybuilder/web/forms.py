"""Django forms that wrap the core's typed parameters.

The form does no validation of its own: it collects the raw values from the
request, hands them to the scenario engine, and shows the engine's messages
beside the fields they concern.  One rule, one message, whichever way the
value arrives (form, command line, API).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, cast

from django import forms
from django.http import QueryDict

from policybuilder.core import guardrails, iam_catalog, regions
from policybuilder.core.params import (
    ActionsParam,
    BooleanParam,
    ChoiceParam,
    ConnectInstance,
    KmsKey,
    Param,
    PartitionParam,
    RegionParam,
    TagsParam,
)
from policybuilder.core.scenarios import Rendering, Scenario, render
from policybuilder.core.validator import advice
from policybuilder.core.validator.advice import Advice
from policybuilder.core.validator.arns import is_placeholder, placeholder_parts


class TagRowsWidget(forms.Widget):
    """Rows of key/value inputs submitted as ``<name>_key`` and ``<name>_value`` lists.

    The widget owns that wire format: ``decode`` reads it from POST data, ``encode`` writes
    tags into POST data as the rows would have sent them (a saved template reopened).
    """

    template_name = "web/widgets/tag_rows.html"

    @staticmethod
    def key_name(name: str) -> str:
        return f"{name}_key"

    @staticmethod
    def value_name(name: str) -> str:
        return f"{name}_value"

    @classmethod
    def decode(cls, data: Any, name: str) -> list[tuple[str, str]]:
        """The rows in POST data, as (key, value) pairs; a missing value is empty."""
        keys = data.getlist(cls.key_name(name)) if hasattr(data, "getlist") else []
        values = data.getlist(cls.value_name(name)) if hasattr(data, "getlist") else []
        values = values + [""] * (len(keys) - len(values))
        return list(zip(keys, values, strict=False))

    @classmethod
    def encode(cls, data: QueryDict, name: str, tags: Any) -> None:
        """Append tags (``KEY=VALUE`` strings or pairs) to POST data as rows."""
        for item in tags or []:
            if isinstance(item, str):
                key, _, value = item.partition("=")
            else:
                key, value = (list(item) + ["", ""])[:2]
            data.appendlist(cls.key_name(name), str(key))
            data.appendlist(cls.value_name(name), str(value))

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[tuple[str, str]]:
        return self.decode(data, name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return self.key_name(name) not in data

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        rows = [tuple(row) for row in (value or [])] or [("", "")]
        context["widget"]["rows"] = rows
        context["widget"]["key_name"] = self.key_name(name)
        context["widget"]["value_name"] = self.value_name(name)
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

    # Set by scenario_fields for the template: builder.js's show/hide conditions, and more.
    only_when: dict[str, Any]
    when_checked: str
    or_when_checked: str
    guard: bool
    unavailable: str

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


def guard_region_choices() -> list[tuple[str, Any]]:
    """Every partition's regions for the guardrail multi-select, Amazon Connect's first."""
    return region_choices()[1:]


def _widget(param: Param) -> forms.Widget:
    placeholder = {"placeholder": f"e.g. {param.example}"} if param.example else {}
    if isinstance(param, guardrails.RegionsParam):
        return forms.SelectMultiple(choices=guard_region_choices(), attrs={"size": 8})
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


#: The submit button name of the advice panel's one-click changes (see ``apply_advice``).
ADVICE_APPLY = "advice_apply"

#: The hidden input in which builder.js lists the fields the admin has changed.
TOUCHED = "touched"


@dataclass(frozen=True)
class AdviceButton:
    """A one-click change of the form: turn a guardrail on, or uncheck some actions.

    ``value`` is what the button submits without JavaScript (``check:NAME``,
    ``choose:NAME=VALUE`` or ``uncheck:A,B``); with JavaScript, builder.js
    makes the same change in the page's own form controls so the live preview
    follows.
    """

    label: str
    value: str
    check: str = ""
    uncheck: tuple[str, ...] = ()
    #: ``NAME=VALUE`` of a choice to select.
    choose: str = ""


@dataclass(frozen=True)
class AdviceItem:
    """One least-privilege suggestion for the preview, with what the form can do about it."""

    code: str
    message: str
    sid: str | None
    buttons: tuple[AdviceButton, ...]


def apply_advice(scenario: Scenario, data: Any) -> Any:
    """The submitted data with an advice button's change made, as JavaScript would make it.

    Only guardrail switches can be turned on, only the scenario's own choices
    chosen and its own actions unchecked; anything else is ignored.
    """
    value = data.get(ADVICE_APPLY, "") if hasattr(data, "get") else ""
    kind, _, argument = str(value).partition(":")
    if isinstance(data, QueryDict):
        changed = data.copy()
    else:
        changed = QueryDict(mutable=True)
        for key, item in dict(data).items():
            changed.setlist(key, list(item) if isinstance(item, list | tuple) else [item])
    name, _, choice = argument.partition("=")
    if kind == "check" and argument in _SWITCHES:
        changed[argument] = "on"
    elif kind == "choose" and _offers(scenario, name, choice):
        changed[name] = choice
    elif kind == "uncheck":
        drop = {a.strip() for a in argument.split(",")}
        kept = [a for a in changed.getlist("actions") if a not in drop]
        if kept and drop <= set(scenario.actions_param.choices):
            changed.setlist("actions", kept)
    else:
        return data
    changed.pop(ADVICE_APPLY, None)
    return changed


def _offers(scenario: Scenario, name: str, choice: str) -> bool:
    """Whether the scenario has a choice parameter ``name`` with the value ``choice``."""
    param = next((p for p in scenario.params if p.name == name), None)
    return isinstance(param, ChoiceParam) and choice in {v for v, _ in param.choices}


#: The narrowing choice of a scenario parameter that the advice can offer: (name, from, to).
NARROWING_CHOICES = (("iam_scope", "any", "service-linked"),)

_SWITCHES = frozenset(p.name for p in guardrails.PARAMS if isinstance(p, BooleanParam))


def _unavailable(scenario: Scenario, name: str) -> str:
    """Why a guardrail switch can do nothing in this scenario ('' when it can)."""
    if name == guardrails.GUARD_INSTANCE and not scenario.instance_guard_applies:
        return "Not available here: none of this scenario's actions can be limited to one instance."
    if name == guardrails.GUARD_VIA_SERVICE and not scenario.via_service_guard_applies:
        return (
            "Not available here: no statement of this scenario is called by a service on the "
            "user's behalf; people call these actions directly."
        )
    return ""


#: slug -> (the scenario, its fields); see ``_fields_for``.
_FIELDS: dict[str, tuple[Scenario, dict[str, ParamField]]] = {}


def _fields_for(scenario: Scenario) -> dict[str, ParamField]:
    """The scenario's fields, built once per process (widgets, region and action choices).

    Each form takes a shallow copy of every field (see ``ScenarioForm``): nothing on a field
    or its widget changes per request, so building them again for every preview only costs
    time.  Keyed by slug and checked by identity: hashing a whole scenario costs more than
    building a small form.
    """
    cached = _FIELDS.get(scenario.slug)
    if cached is not None and cached[0] is scenario:
        return cached[1]
    fields = _build_fields(scenario)
    _FIELDS[scenario.slug] = (scenario, fields)
    return fields


def _build_fields(scenario: Scenario) -> dict[str, ParamField]:
    guard_names = {p.name for p in scenario.guard_params}
    own = {p.name for p in scenario.params}
    fields: dict[str, ParamField] = {}
    for param in scenario.all_params:
        field = ParamField(param, widget=_widget(param))
        # Conditions on a switch are shown by builder.js's guardrail code, not data-only-when.
        field.only_when = {k: v for k, v in param.only_when if not isinstance(v, bool)}
        field.when_checked = next((k for k, v in param.only_when if v is True), "")
        field.or_when_checked = (
            guardrails.GUARD_INSTANCE
            if param.only_when and scenario.asked_with_instance_guard(param)
            else ""
        )
        field.guard = param.name in guard_names and param.name not in own
        field.unavailable = _unavailable(scenario, param.name)
        if field.unavailable:
            field.disabled = True
        fields[param.name] = field
    return fields


def _copy_field(field: ParamField) -> ParamField:
    """``copy.copy(field)``, four times faster: a field has no ``__copy__`` and no slots, so its
    shallow copy is a new object with the same ``__dict__`` (the widget shared, as copy.copy
    shares it). Every live preview copies each of the scenario's fields."""
    copied = object.__new__(type(field))
    copied.__dict__.update(field.__dict__)
    return copied


class ScenarioForm(forms.Form):
    def __init__(self, scenario: Scenario, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", initial_values(scenario))
        super().__init__(*args, **kwargs)
        self.scenario = scenario
        if self.is_bound and ADVICE_APPLY in self.data:
            self.data = apply_advice(scenario, self.data)
        for name, field in _fields_for(scenario).items():
            self.fields[name] = _copy_field(field)

    def touched_fields(self) -> set[str] | None:
        """The fields the admin has changed on this page, or None for "all of them".

        builder.js lists them in the form's ``touched`` input, so that a live preview shows
        errors only beside fields the admin has reached: typing the instance does not mark the
        KMS key, still empty below it, as wrong. A request without the list (no JavaScript, a
        download, a save) is a submission, and every field's errors count.
        """
        if not self.is_bound or TOUCHED not in self.data:
            return None
        return set(self.data.get(TOUCHED, "").split())

    @cached_property
    def _widget_values(self) -> dict[str, Any]:
        """Each field's value as its widget reads it from the data (a BoundField's ``data``)."""
        return {
            name: field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            for name, field in self.fields.items()
        }

    def raw_values(self) -> dict[str, Any]:
        raw = {}
        for name, value in self._widget_values.items():
            param = cast(ParamField, self.fields[name]).param  # every field is a ParamField
            if isinstance(param, ActionsParam) and not value and self.is_bound:
                value = [","]  # an empty checklist is a choice, not "use the defaults"
            raw[name] = value
        return raw

    @cached_property
    def rendering(self) -> Rendering:
        """The engine's rendering of the submitted values, made on first use (of a new
        form, of its initial values); ``clean`` shows its errors beside the fields, so a view
        needs no ``is_valid()`` call to read it."""
        if not self.is_bound:
            return render(self.scenario, initial_values(self.scenario))
        return render(self.scenario, self.raw_values())

    def _clean_fields(self) -> None:
        """What Django's does for fields whose ``clean`` returns the value (ParamField's):
        each one's widget value, or its initial value when disabled. Without a BoundField
        per field and a second read of the data: the live preview cleans on every keystroke."""
        for name, field in self.fields.items():
            self.cleaned_data[name] = (
                self.get_initial_for_field(field, name)
                if field.disabled
                else self._widget_values[name]
            )

    def clean(self) -> dict[str, Any]:
        for name, message in self.rendering.errors.items():
            self.add_error(name if name in self.fields else None, message)
        return self.cleaned_data

    @cached_property
    def placeholder_warnings(self) -> dict[str, str]:
        """Field name -> a warning naming the part of its value that the policy's
        PB_PLACEHOLDER_IN_ARN finding calls a documentation placeholder (see
        ``placeholder_warnings``)."""
        return placeholder_warnings(self.scenario, self.rendering)

    @property
    def advice(self) -> list[AdviceItem]:
        """Least-privilege suggestions for the previewed policy, with one-click changes."""
        if not hasattr(self, "_advice"):
            self._advice = self._make_advice()
        return self._advice

    def use_advice(self, found: list[Advice]) -> None:
        """Take the advice on this form's rendering from the validator's pass over its text
        (``Report.advice_items``), which is ``advice.advise`` of the same document, instead
        of walking the document again when the template asks for ``advice``."""
        self._advice = self._make_advice(found)

    def _make_advice(self, given: list[Advice] | None = None) -> list[AdviceItem]:
        rendering = self.rendering
        if not rendering.ok or rendering.document is None:
            return []
        statements = rendering.document["Statement"]
        items = []
        for found in advice.advise(rendering.document) if given is None else given:
            statement = statements[found.statement or 0]
            buttons = tuple(self._buttons(found, rendering.values))
            items.append(AdviceItem(found.code, found.message, statement.get("Sid"), buttons))
        return items

    def _buttons(self, found: Advice, values: dict[str, Any]) -> list[AdviceButton]:
        scenario = self.scenario
        out: list[AdviceButton] = []
        if found.code == advice.STAR_RESOURCE_NARROWABLE:
            scopable = any(guardrails.instance_scopable(a) for a in found.actions)
            if scopable and scenario.instance_guard_applies and not values.get("guard_instance"):
                out.append(_switch_on(guardrails.GUARD_INSTANCE, "Restrict to the instance"))
            iam = any(a.startswith("iam:") for a in found.actions)
            for name, wide, narrow in NARROWING_CHOICES:
                if iam and values.get(name) == wide and _offers(scenario, name, narrow):
                    out.append(
                        AdviceButton(
                            label="Only the service-linked roles",
                            value=f"choose:{name}={narrow}",
                            choose=f"{name}={narrow}",
                        )
                    )
        elif found.code == advice.UNCONDITIONED_WRITE:
            if not values.get(guardrails.GUARD_MFA):
                out.append(_switch_on(guardrails.GUARD_MFA, "Require MFA for them"))
            chosen = list(values.get("actions", ()))
            writes = tuple(a for a in found.actions if a in chosen)
            if writes and len(writes) < len(chosen):
                n = len(writes)
                out.append(
                    AdviceButton(
                        label=f"Uncheck {'this write action' if n == 1 else f'these {n} actions'}",
                        value="uncheck:" + ",".join(writes),
                        uncheck=writes,
                    )
                )
        return out


def _switch_on(name: str, label: str) -> AdviceButton:
    return AdviceButton(label=label, value=f"check:{name}", check=name)


#: What the value of a parameter of each kind is, for the placeholder warning.
_WHAT = {"account": "account", "region": "Region", "partition": "partition"}


def _value_parts(param: Param, value: Any) -> list[tuple[str, str]]:
    """The (what, text) parts that a field's cleaned value puts into the policy's ARNs."""
    if isinstance(value, ConnectInstance | KmsKey):
        own = value.instance_id if isinstance(value, ConnectInstance) else value.key_id
        what = "instance ID" if isinstance(value, ConnectInstance) else "key ID"
        found = [("account", value.account), ("Region", value.region), (what, own)]
        return [(w, text) for w, text in found if text]
    if isinstance(value, str) and value:
        named = getattr(param, "what", "")
        return [(_WHAT.get(param.kind, f"{named} {param.kind.split('_')[-1]}".strip()), value)]
    return []


def _policy_placeholders(document: dict[str, Any]) -> set[str]:
    """The parts of the document's ARNs that the validator's placeholder rule reports."""
    strings: list[str] = []
    for statement in document.get("Statement", []):
        for key in ("Resource", "NotResource"):
            found = statement.get(key, [])
            strings.extend([found] if isinstance(found, str) else found)
        for entries in statement.get("Condition", {}).values():
            for found in entries.values():
                strings.extend([found] if isinstance(found, str) else found)
    arns = {s for s in strings if isinstance(s, str) and s.startswith("arn:")}
    return {part for arn in arns for part in placeholder_parts(arn)}


def placeholder_warnings(scenario: Scenario, rendering: Rendering) -> dict[str, str]:
    """Field name -> a warning for each field whose value filled a documentation
    placeholder into the rendered policy, naming only that part of the value (the account
    of an instance ARN, not the whole ARN): the warning stands beside the field to change,
    not only in the policy's findings."""
    if not rendering.ok or rendering.document is None:
        return {}
    flagged = _policy_placeholders(rendering.document)
    if not flagged:
        return {}
    warnings: dict[str, str] = {}
    for param in scenario.all_params:
        parts = [
            (what, text)
            for what, text in _value_parts(param, rendering.values.get(param.name))
            if text in flagged and is_placeholder(text)
        ]
        if parts:
            named = " and ".join(f"{text} is a placeholder {what}" for what, text in parts)
            warnings[param.name] = (
                f"{named[0].upper()}{named[1:]} from AWS's documentation examples: enter your own."
            )
    return warnings
