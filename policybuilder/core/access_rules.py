"""Team rules: accesses that no template of a team may grant (CheckAccessNotGranted, offline).

A rule has a name, action patterns (``iam:PassRole``, ``connect:Delete*``) and resource
patterns (``*``, ``arn:aws:iam::*:role/Admin*``). A policy *breaks* the rule when it allows a
request whose action matches one of the action patterns and whose resource matches one of the
resource patterns. ``semantics.compare.find_grant`` finds such a request, confirmed by the
evaluator; it is the witness the refusal names.

What "on *" means (our choice, as IAM Access Analyzer's CheckAccessNotGranted does): a resource
pattern is the set of resources it matches, and a rule is broken when the policy grants the
action on *any* of them. So ``iam:PassRole`` on ``*`` forbids passing any role at all: a policy
with ``"Resource": "*"`` breaks it, and so does one naming only
``arn:aws:iam::111122223333:role/ConnectRole``. To forbid only some resources, name them:
``iam:PassRole`` on ``arn:aws:iam::*:role/Admin*`` lets the ConnectRole policy through. We did
not choose the literal reading (only a policy that says ``"Resource": "*"`` breaks "on *"),
because a guard read that way is walked around by writing ``arn:aws:iam::*:role/*``, which
grants the same.

Pure Python: the teams app stores rules and calls :func:`first_violation` from its services.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from policybuilder.core import iam_catalog
from policybuilder.core.semantics.model import PolicyError, Request, load_policy

#: ``service:Action`` with IAM's ``*`` and ``?`` wildcards in the action part only.
ACTION_PATTERN_RE = re.compile(r"^(?P<service>[A-Za-z0-9-]+):(?P<name>[A-Za-z0-9*?]+)$")
MAX_PATTERN_LENGTH = 2048
MAX_PATTERNS = 50
MAX_NAME_LENGTH = 100
#: What a rule without resource patterns means: every resource.
ANY_RESOURCE = ("*",)


@dataclass(frozen=True)
class Rule:
    name: str
    actions: tuple[str, ...]
    resources: tuple[str, ...] = ANY_RESOURCE

    def describe(self) -> str:
        """``iam:PassRole on *`` or ``connect:DeleteInstance, connect:Delete* on arn:…``."""
        return f"{', '.join(self.actions)} on {', '.join(self.resources)}"


@dataclass(frozen=True)
class Violation:
    """A rule the policy breaks, with a request the policy allows that proves it.

    When the comparison cannot decide whether the policy grants the access (``undecided``
    says why; ``witness`` is None), the policy is refused too: a rule never passes unchecked.
    """

    rule: Rule
    witness: Request | None
    undecided: str = ""

    @property
    def context_shown(self) -> list[tuple[str, str]]:
        """The witness's context keys and values as text (a list as ``[a, b]``)."""
        if self.witness is None:
            return []
        return [
            (key, f"[{', '.join(value)}]" if isinstance(value, tuple) else value)
            for key, value in self.witness.context.items()
        ]

    @property
    def message(self) -> str:
        if self.witness is None:
            return (
                f"This policy may grant {self.rule.describe()}, which the team's rule "
                f"'{self.rule.name}' forbids: the check could not decide ({self.undecided}), "
                "so the policy is refused."
            )
        return (
            f"This policy grants {self.witness.action} on {self.witness.resource}"
            f"{_context_words(self.context_shown)}, which the team's rule "
            f"'{self.rule.name}' forbids."
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": {
                "name": self.rule.name,
                "actions": list(self.rule.actions),
                "resources": list(self.rule.resources),
            },
            "witness": self.witness.to_dict() if self.witness is not None else None,
            "undecided": self.undecided or None,
            "message": self.message,
        }


def _context_words(shown: Sequence[tuple[str, str]]) -> str:
    if not shown:
        return ""
    return f" (with {', '.join(f'{key}={value}' for key, value in shown)})"


# Checking rule input ----------------------------------------------------------------------------


def action_pattern_error(pattern: str) -> str | None:
    """Why ``pattern`` is not an action pattern of the catalogue, or None when it is one."""
    match = ACTION_PATTERN_RE.fullmatch(pattern)
    if match is None:
        return (
            f"{pattern!r} is not an action pattern: write service:Action, such as "
            "iam:PassRole or connect:Delete* (wildcards * and ? only after the colon)."
        )
    service = match["service"]
    if not iam_catalog.service_exists(service):
        return f"{pattern!r}: the catalogue has no service {service!r}."
    if not iam_catalog.expand_action(pattern):
        return (
            f"{pattern!r}: {iam_catalog.service_name(service)} has no action "
            f"{'matching' if any(c in match['name'] for c in '*?') else 'named'} "
            f"{match['name']!r}."
        )
    return None


def resource_pattern_error(pattern: str) -> str | None:
    """Why ``pattern`` is not a resource pattern (``*`` or an ARN pattern), or None."""
    if not pattern.strip():
        return "A resource pattern cannot be empty: write * for every resource."
    if any(c.isspace() for c in pattern):
        return f"{pattern!r}: a resource pattern has no spaces."
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"A resource pattern is at most {MAX_PATTERN_LENGTH} characters."
    if pattern != "*" and not pattern.startswith("arn:"):
        return f"{pattern!r} is not a resource pattern: write * or an ARN that starts with arn:."
    if pattern != "*" and pattern.count(":") < 5:
        return (
            f"{pattern!r}: an ARN has six parts, arn:partition:service:region:account:resource "
            "(use * inside a part, such as arn:aws:iam::*:role/*)."
        )
    return None


def rule_errors(*, name: str, actions: Sequence[str], resources: Sequence[str]) -> dict[str, str]:
    """Field errors for a rule (``name``, ``actions``, ``resources``); {} when it is valid."""
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Give the rule a name, such as 'No instance deletion'."
    elif len(name.strip()) > MAX_NAME_LENGTH:
        errors["name"] = f"A rule's name is at most {MAX_NAME_LENGTH} characters."
    for field, patterns, check in (
        ("actions", actions, action_pattern_error),
        ("resources", resources, resource_pattern_error),
    ):
        if not patterns:
            errors[field] = (
                "Give at least one action pattern, such as connect:DeleteInstance."
                if field == "actions"
                else "Give at least one resource pattern (* for every resource)."
            )
            continue
        if len(patterns) > MAX_PATTERNS:
            errors[field] = f"A rule has at most {MAX_PATTERNS} patterns here."
            continue
        problems = [
            problem
            for problem in (
                check(p) if isinstance(p, str) else "Each pattern is text." for p in patterns
            )
            if problem
        ]
        if problems:
            errors[field] = " ".join(dict.fromkeys(problems))
    return errors


def split_patterns(text: str) -> list[str]:
    """Patterns typed one a line (or separated by commas), blanks dropped, duplicates once."""
    pieces = (piece.strip() for line in text.splitlines() for piece in line.split(","))
    return list(dict.fromkeys(piece for piece in pieces if piece))


# Checking a policy ------------------------------------------------------------------------------


def violation(document: Any, rule: Rule) -> Violation | None:
    """The rule broken by ``document`` (JSON text or parsed) with its witness, or None."""
    from policybuilder.core.semantics.compare import GrantUndecided, find_grant

    try:
        policy = load_policy(document)
    except PolicyError:
        return None  # not a policy the model reads: the validator refuses it first
    try:
        witness = find_grant(policy, actions=rule.actions, resources=rule.resources)
    except GrantUndecided as exc:
        return Violation(rule, None, undecided=exc.reason)
    return Violation(rule, witness) if witness is not None else None


def first_violation(document: Any, rules: Iterable[Rule]) -> Violation | None:
    """The first of ``rules`` (in their order) that ``document`` breaks, or None."""
    rules = list(rules)
    if not rules:
        return None
    try:
        policy = load_policy(document)
    except PolicyError:
        return None
    for rule in rules:
        found = violation(policy, rule)
        if found is not None:
            return found
    return None
