"""What the "What this allows" panel and "Try a request" show, from a policy's text.

The builder and the validate page load the panel on demand (its own views in
``access_views``), never inside the live preview: the access summary is not computed on
every keystroke. The context box takes one ``key=value`` a line; a comma makes a list
(``aws:TagKeys=Owner,Env``), ``key=[]`` is an empty list and ``key=[Owner]`` a list of one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from policybuilder.core.semantics.evaluate import evaluate
from policybuilder.core.semantics.model import (
    Policy,
    PolicyError,
    RequestError,
    load_policy,
    load_request,
)
from policybuilder.core.semantics.summary import access_summary

MAX_CONTEXT_LINES = 100

DECISIONS = {
    "allow": "Allowed",
    "explicit_deny": "Denied: a Deny statement matches (an explicit deny)",
    "implicit_deny": "Denied: no Allow statement matches (an implicit deny)",
}


class ContextError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_context(text: str) -> dict[str, str | list[str]]:
    """The request context typed in the box; ContextError names the line that is wrong."""
    context: dict[str, str | list[str]] = {}
    seen: set[str] = set()
    lines = [line.strip() for line in text.splitlines()]
    if sum(1 for line in lines if line) > MAX_CONTEXT_LINES:
        raise ContextError(f"Give at most {MAX_CONTEXT_LINES} context keys.")
    for number, line in enumerate(lines, start=1):
        if not line or line.startswith("#"):
            continue
        key, equals, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if not equals or not key:
            raise ContextError(f"Line {number}: write key=value, e.g. aws:SecureTransport=true.")
        if any(c.isspace() for c in key):
            raise ContextError(f"Line {number}: the key {key!r} has a space in it.")
        if key.lower() in seen:
            raise ContextError(f"Line {number}: the key {key} is given twice; give a list once.")
        seen.add(key.lower())
        if value.startswith("[") and value.endswith("]"):
            inner = value[1:-1].strip()
            context[key] = [v.strip() for v in inner.split(",")] if inner else []
        elif "," in value:
            context[key] = [v.strip() for v in value.split(",")]
        else:
            context[key] = value
    return context


def context_text(context: Mapping[str, Any]) -> str:
    """A request's context in the box's syntax (the inverse of ``parse_context``)."""
    lines = []
    for key, value in context.items():
        if isinstance(value, (list, tuple)):
            lines.append(
                f"{key}=[{', '.join(value)}]" if len(value) < 2 else f"{key}={','.join(value)}"
            )
        else:
            lines.append(f"{key}={value}")
    return "\n".join(lines)


@dataclass
class Panel:
    """The panel's content for one document: the summary, or why there is none."""

    error: str = ""
    summary: dict[str, Any] | None = None
    #: The actions "Try a request" offers: the summary's, allowed ones first.
    actions: list[str] = field(default_factory=list)
    policy: Policy | None = None


@dataclass
class Trial:
    """One tried request: its evaluation, or the error of the field that is wrong."""

    action: str = ""
    resource: str = ""
    context: str = ""
    error: str = ""
    error_field: str = ""
    evaluation: dict[str, Any] | None = None
    request: dict[str, Any] | None = None
    #: How the deciding statements are named: 'Statement 1 ("DenyDeletes")'.
    deciding: list[str] = field(default_factory=list)
    #: The action was typed ("Or type any action"), not picked from the list.
    typed_action: bool = False

    @property
    def request_json(self) -> str:
        return json.dumps([self.request], indent=2, ensure_ascii=False) if self.request else ""

    @property
    def decision_text(self) -> str:
        decision = (self.evaluation or {}).get("decision") or ""
        return DECISIONS.get(decision, decision)


def _actions_of(summary: Mapping[str, Any]) -> list[str]:
    """The actions the summary names: the allowed ones, then those a Deny takes away."""
    found: dict[str, None] = {}
    for service in summary.get("services") or ():
        for level in service.get("access_levels") or ():
            for item in level.get("actions") or ():
                found[str(item["action"])] = None
    for item in summary.get("denied") or ():
        found.setdefault(str(item["action"]), None)
    return list(found)


def panel_for(text: str) -> Panel:
    """The summary of the policy in ``text`` (JSON), or the reason it has none."""
    if not text.strip():
        return Panel(error="There is no policy yet: fill in the form or paste one.")
    try:
        policy = load_policy(text)
    except PolicyError as exc:
        return Panel(error=f"This policy cannot be evaluated: {exc.message} (at {exc.path}).")
    summary = access_summary(policy).to_dict()
    return Panel(summary=summary, actions=_actions_of(summary), policy=policy)


def try_request(panel: Panel, data: Mapping[str, Any]) -> Trial | None:
    """Evaluate the request of the form's ``try_*`` fields; None when none was asked for."""
    typed = str(data.get("try_other_action", "")).strip()
    action = typed or str(data.get("try_action", "")).strip()
    resource = str(data.get("try_resource", "")).strip()
    context_raw = str(data.get("try_context", ""))
    if not action:
        return None
    trial = Trial(action=action, resource=resource, context=context_raw, typed_action=bool(typed))
    if panel.policy is None:
        trial.error, trial.error_field = panel.error, "policy"
        return trial
    try:
        context = parse_context(context_raw)
    except ContextError as exc:
        trial.error, trial.error_field = exc.message, "context"
        return trial
    try:
        request = load_request({"action": action, "resource": resource or "*", "context": context})
    except RequestError as exc:
        trial.error = exc.message.removeprefix("request.")
        field_name = exc.field.removeprefix("request.").split(".")[0]
        trial.error_field = "other_action" if field_name == "action" and typed else field_name
        return trial
    trial.request = request.to_dict()
    trial.evaluation = evaluate(panel.policy, request).to_dict()
    statements = panel.policy.statements
    trial.deciding = [statements[i].label for i in trial.evaluation["statements"]]
    return trial
