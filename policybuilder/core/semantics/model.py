"""The policy and request model that the evaluator, the access summary and the comparison share.

A policy is read from its JSON (text or the parsed value) into :class:`Policy`: a
tuple of :class:`Statement` with every element as a tuple of strings, so the
semantic code never meets IAM's "a string or a list" shapes.  Anything the
model cannot represent faithfully raises :class:`PolicyError` with the path of
the problem; callers run the validator first and show its findings instead.

A request is what IAM evaluates: one action, one resource ARN (``"*"`` when the
action takes no resource) and the request context, whose values are a string
(single-valued keys) or a list of strings (multi-valued keys such as
``aws:TagKeys``).  Context keys are case-insensitive, as in IAM; the model keeps
the spelling it was given for display and looks keys up by lower case.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

ContextValue = str | tuple[str, ...]


class PolicyError(ValueError):
    """The document is not an identity-based policy the model can evaluate."""

    def __init__(self, message: str, path: str = "$") -> None:
        super().__init__(message)
        self.message = message
        self.path = path


class RequestError(ValueError):
    """A request that cannot be evaluated; ``field`` names the offending part."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True, slots=True)
class ConditionClause:
    """One ``operator: {key: values}`` entry of a Condition block."""

    operator: str  # as written, e.g. "ForAnyValue:StringLikeIfExists"
    key: str  # as written, e.g. "aws:ResourceTag/Department"
    values: tuple[str, ...]  # JSON scalars turned into IAM's strings ("true", "10")


@dataclass(frozen=True, slots=True)
class Statement:
    index: int  # position in the Statement array, from 0
    effect: str  # "Allow" or "Deny"
    sid: str | None = None
    actions: tuple[str, ...] | None = None  # Action; None when the statement has NotAction
    not_actions: tuple[str, ...] | None = None
    resources: tuple[str, ...] | None = None  # Resource; None when the statement has NotResource
    not_resources: tuple[str, ...] | None = None
    conditions: tuple[ConditionClause, ...] = ()

    @property
    def label(self) -> str:
        """How explanations name the statement: ``Statement 2 ("DenyDeletes")``."""
        return f'Statement {self.index} ("{self.sid}")' if self.sid else f"Statement {self.index}"


@dataclass(frozen=True, slots=True)
class Policy:
    statements: tuple[Statement, ...]
    version: str | None = "2012-10-17"

    @property
    def allows(self) -> tuple[Statement, ...]:
        return tuple(s for s in self.statements if s.effect == "Allow")

    @property
    def denies(self) -> tuple[Statement, ...]:
        return tuple(s for s in self.statements if s.effect == "Deny")


@dataclass(frozen=True, slots=True)
class Request:
    action: str
    resource: str = "*"
    context: Mapping[str, ContextValue] = field(default_factory=dict)

    def value(self, key: str) -> ContextValue | None:
        """The context value of ``key`` (case-insensitive), or None when the key is missing."""
        wanted = key.lower()
        for k, v in self.context.items():
            if k.lower() == wanted:
                return v
        return None

    def to_dict(self) -> dict[str, Any]:
        """The request in the command line's and the API's shape."""
        return {
            "action": self.action,
            "resource": self.resource,
            "context": {
                k: (list(v) if isinstance(v, tuple) else v) for k, v in self.context.items()
            },
        }


# --- reading ----------------------------------------------------------------------------------


def load_policy(document: str | bytes | Mapping[str, Any] | Policy) -> Policy:
    """Read a policy document (JSON text or its parsed value) into the model."""
    if isinstance(document, Policy):
        return document
    if isinstance(document, (str, bytes, bytearray)):
        try:
            document = json.loads(document)
        except (ValueError, RecursionError) as exc:
            raise PolicyError(f"The policy is not valid JSON: {exc}") from None
    if not isinstance(document, Mapping):
        raise PolicyError("A policy is a JSON object with a Statement element.")
    if "Statement" not in document:
        raise PolicyError("The policy has no Statement element.")
    version = document.get("Version")
    if version is not None and not isinstance(version, str):
        raise PolicyError("Version must be a string.", "$.Version")
    raw = document["Statement"]
    items = [raw] if isinstance(raw, Mapping) else raw
    if not isinstance(items, list):
        raise PolicyError("Statement must be an object or a list of objects.", "$.Statement")
    return Policy(
        statements=tuple(_statement(i, item) for i, item in enumerate(items)),
        version=version,
    )


def _statement(index: int, raw: Any) -> Statement:
    path = f"$.Statement[{index}]"
    if not isinstance(raw, Mapping):
        raise PolicyError("A statement must be an object.", path)
    effect = raw.get("Effect")
    if effect not in ("Allow", "Deny"):
        raise PolicyError('Effect must be "Allow" or "Deny".', f"{path}.Effect")
    sid = raw.get("Sid")
    if sid is not None and not isinstance(sid, str):
        raise PolicyError("Sid must be a string.", f"{path}.Sid")
    if "Principal" in raw or "NotPrincipal" in raw:
        raise PolicyError(
            "An identity-based policy has no Principal: this is a resource-based policy.",
            f"{path}.Principal",
        )
    actions = _strings(raw, "Action", path)
    not_actions = _strings(raw, "NotAction", path)
    if (actions is None) == (not_actions is None):
        raise PolicyError("A statement needs exactly one of Action and NotAction.", path)
    resources = _strings(raw, "Resource", path)
    not_resources = _strings(raw, "NotResource", path)
    if (resources is None) == (not_resources is None):
        raise PolicyError("A statement needs exactly one of Resource and NotResource.", path)
    return Statement(
        index=index,
        effect=effect,
        sid=sid or None,
        actions=actions,
        not_actions=not_actions,
        resources=resources,
        not_resources=not_resources,
        conditions=_conditions(raw.get("Condition"), f"{path}.Condition"),
    )


def _strings(raw: Mapping[str, Any], key: str, path: str) -> tuple[str, ...] | None:
    if key not in raw:
        return None
    value = raw[key]
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        raise PolicyError(
            f"{key} must be a string or a non-empty list of strings.", f"{path}.{key}"
        )
    return tuple(values)


def _conditions(raw: Any, path: str) -> tuple[ConditionClause, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, Mapping):
        raise PolicyError("Condition must be an object.", path)
    clauses = []
    for operator, block in raw.items():
        if not isinstance(block, Mapping):
            raise PolicyError(
                f"The condition operator {operator} needs an object of keys.", f"{path}.{operator}"
            )
        for key, value in block.items():
            values = value if isinstance(value, list) else [value]
            clauses.append(
                ConditionClause(
                    operator=str(operator),
                    key=str(key),
                    values=tuple(_scalar(v, f"{path}.{operator}.{key}") for v in values),
                )
            )
    return tuple(clauses)


def _scalar(value: Any, path: str) -> str:
    """IAM reads condition values as strings: ``true`` is "true", ``10`` is "10"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    raise PolicyError("A condition value must be a string, a number or a boolean.", path)


def load_request(raw: Any, where: str = "request") -> Request:
    """Read one request in the command line's shape; RequestError names the bad field."""
    if not isinstance(raw, Mapping):
        raise RequestError(f"{where} must be an object with an action.", where)
    unknown = set(raw) - {"action", "resource", "context"}
    if unknown:
        raise RequestError(
            f"{where} has unknown field(s) {', '.join(sorted(map(str, unknown)))}; "
            "a request has action, resource and context.",
            f"{where}.{sorted(map(str, unknown))[0]}",
        )
    action = raw.get("action")
    if not isinstance(action, str) or action.count(":") != 1 or not all(action.split(":")):
        raise RequestError(
            f"{where}.action must be an action such as connect:DescribeUser.", f"{where}.action"
        )
    resource = raw.get("resource", "*")
    if not isinstance(resource, str) or not resource:
        raise RequestError(f"{where}.resource must be a non-empty string.", f"{where}.resource")
    context_raw = raw.get("context", {})
    if not isinstance(context_raw, Mapping):
        raise RequestError(f"{where}.context must be an object of keys.", f"{where}.context")
    context: dict[str, ContextValue] = {}
    for key, value in context_raw.items():
        field_path = f"{where}.context.{key}"
        if not isinstance(key, str) or not key:
            raise RequestError(f"{where}.context has an empty key.", f"{where}.context")
        if isinstance(value, list):
            if not all(isinstance(v, (str, int, float, bool)) for v in value):
                raise RequestError(f"{field_path} must be a list of strings.", field_path)
            context[key] = tuple(_context_scalar(v) for v in value)
        elif isinstance(value, (str, int, float, bool)):
            context[key] = _context_scalar(value)
        else:
            raise RequestError(f"{field_path} must be a string or a list of strings.", field_path)
    return Request(action=action, resource=resource, context=context)


def _context_scalar(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def load_requests(raw: Any) -> list[Request]:
    """Read a list of requests; RequestError names the request (``requests[2].action``)."""
    if not isinstance(raw, Sequence) or isinstance(raw, (str, bytes)):
        raise RequestError("The requests file must hold a JSON list of requests.", "requests")
    return [load_request(item, f"requests[{i}]") for i, item in enumerate(raw)]
