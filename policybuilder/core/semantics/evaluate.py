"""Evaluate one identity-based policy against one request, and say why in plain words.

AWS's policy evaluation logic for a single identity-based policy ("Policy evaluation logic",
IAM User Guide): every statement whose Action, Resource and Condition all match the request
applies; an applicable Deny is an explicit deny and wins; otherwise an applicable Allow allows;
otherwise the request is implicitly denied.  SCPs, permission boundaries, session policies and
resource-based policies are out of scope (see the package docstring).

How each element matches (sources in brackets; rules we chose are marked *chosen*):

* Action/NotAction: IAM's ``*`` and ``?`` over the whole ``service:Action`` text, without
  regard to case ("IAM JSON policy elements: Action").  NotAction matches every action not
  listed.
* Resource/NotResource: case-sensitive, with the ARN segment rules of
  :func:`operators.resource_regex_source` ("Using wildcards in resource ARNs") and policy
  variables.  A Resource entry whose variable has no value matches no resource ("Policy
  variables with no value"); in NotResource such an entry therefore excludes nothing.
* Condition: every clause (operator and key) must be met (AND); a clause is met when the
  request value matches any of its values (OR).  Keys are case-insensitive, values are
  case-sensitive except for the IgnoreCase operators and Bool.
* A key the request does not have ("Condition" element; "...IfExists"; "Single-valued vs.
  multivalued context keys"): a positive operator is not met; a negated operator
  (StringNotEquals, NotIpAddress, ArnNotLike, ...) is met; ``...IfExists`` is met;
  ``ForAllValues:`` is met; ``ForAnyValue:`` is not met; ``Null`` is met for ``true``.
  *Chosen*: an empty list in the request counts as a key without values, the same as a
  missing key (AWS describes ForAllValues as true for an empty or missing key).
* Negated operators compare positively and negate the result: ``StringNotEquals`` with
  ``['a', 'b']`` is met when the request value is neither.  With ``ForAllValues:`` or
  ``ForAnyValue:`` the negated operator is applied to each request value.
* *Chosen*: a single request value with ``ForAllValues:``/``ForAnyValue:`` is a one-element
  set.  A list of values with no qualifier: a positive operator is met when any value
  matches, a negated one when none does.  AWS asks for a qualifier with multivalued keys and
  documents no result without one; "any value" is what ``ForAnyValue:`` would give for the
  positive operators, and the negated reading stays the exact negation of the positive one.
  Known evidence for another reading: iam-simulate (0.1.173, ``singleValueMatch``) says that
  a list never meets an operator without a set operator, positive or negated, citing AWS at
  re:Inforce 2025; a public report (boogy/iam-policy-validator PR 161) saw a bare
  ``StringEquals`` on ``aws:CalledVia`` match nothing with two services in the chain.  Under
  that reading a Deny written this way never applies.  Switching means changing the last line
  of ``_Clause.met`` and the same branch of ``symbolic.Space.clause`` together, as the
  comparison must decide exactly as this module does.
* *Chosen*: policy variables are substituted in the values of the String, Arn and Bool
  operators (AWS names the String and ARN operators; in Bool a ``${...}`` value can mean
  nothing but a variable, and iam-simulate substitutes there too).  In
  Numeric, Date, IpAddress, Binary and Null values ``${...}`` stays text, which is no number,
  date or address, so the comparison is false.
* Values a family cannot read make that comparison false (see :mod:`operators`).
* An operator IAM does not have (``StringEqualz``) is a clause that is never met, in an Allow
  and in a Deny alike; IAM refuses such a policy, and the validator reports it first.
* Where in an ARN IAM accepts a variable is the validator's concern; the evaluator
  substitutes every well-formed variable it finds in Resource and NotResource.
* Only ``"Version": "2012-10-17"`` turns variables on; otherwise ``${...}`` is plain text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from typing import Any

from . import operators as ops
from .model import ConditionClause, Policy, Request, Statement, load_policy
from .operators import Operator, parse_operator
from .variables import Literal, Part, Variable, has_variables, parse_template, spelling

VARIABLE_FAMILIES = frozenset({"String", "Arn", "Bool"})
CURRENT_VERSION = "2012-10-17"

Context = dict[str, str | tuple[str, ...]]
Test = Callable[[str], bool]


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StatementOutcome:
    statement: int  # index of the statement, from 0
    matched: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Evaluation:
    """The decision, the statements that made it, and why each statement matched or not.

    ``explanation`` and ``outcomes`` are worked out the first time they are read: most
    callers (the comparison, batches) want the decision only.
    """

    decision: str  # "allow" | "explicit_deny" | "implicit_deny"
    statements: tuple[int, ...]
    _explain: Callable[[], tuple[tuple[StatementOutcome, ...], tuple[str, ...]]] = field(
        repr=False, compare=False, default=lambda: ((), ())
    )

    def _worked_out(self) -> tuple[tuple[StatementOutcome, ...], tuple[str, ...]]:
        cached = self.__dict__.get("_cache")
        if cached is None:
            cached = self._explain()
            object.__setattr__(self, "_cache", cached)
        return cached

    @property
    def outcomes(self) -> tuple[StatementOutcome, ...]:
        """Each statement, whether it applies, and why (action, resource, each condition)."""
        return self._worked_out()[0]

    @property
    def explanation(self) -> tuple[str, ...]:
        """Every statement's reasons in order, then a sentence naming the decision."""
        return self._worked_out()[1]

    def to_dict(self) -> dict[str, Any]:
        return {
            "decision": self.decision,
            "statements": list(self.statements),
            "explanation": list(self.explanation),
        }


# --- public entry points ----------------------------------------------------------------------


def evaluate(policy: Policy | Mapping[str, Any] | str, request: Request) -> Evaluation:
    """The decision of ``policy`` on ``request`` (AWS's logic for one identity-based policy)."""
    if isinstance(policy, Policy):
        compiled = _compiled_policy(policy)
    else:  # a document read for this call only: not worth a place in the cache
        loaded = _as_policy(policy)
        compiled = _compile_policy(loaded)
    context = _context(request)
    action = request.action.lower()
    resource = request.resource
    denies = tuple(
        s.index for s in compiled.denies if s.matches(action, resource, context, request)
    )
    if denies:
        decision, deciding = "explicit_deny", denies
    else:
        allows = tuple(
            s.index for s in compiled.allows if s.matches(action, resource, context, request)
        )
        decision, deciding = ("allow", allows) if allows else ("implicit_deny", ())

    def explain() -> tuple[tuple[StatementOutcome, ...], tuple[str, ...]]:
        outcomes = tuple(s.explain(action, resource, context, request) for s in compiled.statements)
        labels = {s.index: s.label for s in compiled.statements}
        lines = [reason for outcome in outcomes for reason in outcome.reasons]
        lines.append(_decision_sentence(decision, tuple(labels[i] for i in deciding)))
        return outcomes, tuple(lines)

    return Evaluation(decision, deciding, explain)


def action_matches(statement: Statement, action: str) -> bool:
    """Whether the statement's Action (or NotAction) covers ``action``."""
    return _compiled_statement(statement, True).action_ok(action.lower())


def resource_matches(
    statement: Statement, resource: str, request: Request, *, variables: bool = True
) -> bool:
    """Whether the statement's Resource (or NotResource) covers ``resource`` for ``request``.

    ``variables=False`` reads ``${...}`` as text, as IAM does in policies whose Version is
    not 2012-10-17.
    """
    return _compiled_statement(statement, variables).resource_ok(resource, _context(request))


def condition_met(
    statement: Statement, clause_index: int, request: Request, *, variables: bool = True
) -> bool:
    """Whether one condition clause of the statement is met by the request."""
    clause = _compiled_statement(statement, variables).clauses[clause_index]
    return clause.met(_context(request))


# --- compiling --------------------------------------------------------------------------------


def _as_policy(policy: Policy | Mapping[str, Any] | str) -> Policy:
    if isinstance(policy, Policy):
        return policy
    if isinstance(policy, str):
        return _load_text(policy)
    return load_policy(policy)


@lru_cache(maxsize=64)
def _load_text(text: str) -> Policy:
    return load_policy(text)


def _context(request: Request) -> Context:
    """The request context by lower-case key; the first spelling wins, as in Request.value."""
    context: Context = {}
    for key, value in request.context.items():
        if not isinstance(value, str | tuple):
            value = _normalised(value)
        context.setdefault(key.lower(), value)
    return context


def _normalised(value: Any) -> str | tuple[str, ...]:
    """A value built in code rather than by load_request, read as IAM's strings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | set | frozenset):
        return tuple(v if isinstance(v, str) else _scalar(v) for v in value)
    return str(value)


def _scalar(value: Any) -> str:
    """One value of a list, as IAM's string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


_POLICY_CACHE: dict[int, tuple[Policy, _CompiledPolicy]] = {}
_POLICY_CACHE_SIZE = 4096


def _compiled_policy(policy: Policy) -> _CompiledPolicy:
    hit = _POLICY_CACHE.get(id(policy))
    if hit is not None and hit[0] is policy:
        return hit[1]
    if len(_POLICY_CACHE) >= _POLICY_CACHE_SIZE:
        _POLICY_CACHE.clear()
    compiled = _compile_policy(policy)
    _POLICY_CACHE[id(policy)] = (policy, compiled)  # holding the policy keeps its id unique
    return compiled


def _compile_policy(policy: Policy) -> _CompiledPolicy:
    enabled = policy.version == CURRENT_VERSION
    return _CompiledPolicy(tuple(_CompiledStatement(s, enabled) for s in policy.statements))


class _CompiledPolicy:
    __slots__ = ("statements", "denies", "allows")

    def __init__(self, statements: tuple[_CompiledStatement, ...]) -> None:
        self.statements = statements
        self.denies = tuple(s for s in statements if s.effect == "Deny")
        self.allows = tuple(s for s in statements if s.effect == "Allow")


_STATEMENT_CACHE: dict[tuple[int, bool], tuple[Statement, _CompiledStatement]] = {}
_STATEMENT_CACHE_SIZE = 16384


def _compiled_statement(statement: Statement, variables: bool) -> _CompiledStatement:
    """The compiled statement, cached by identity: hashing a statement costs more than a look-up.

    The comparison and the summary ask about the same Statement objects thousands of times.
    """
    key = (id(statement), variables)
    hit = _STATEMENT_CACHE.get(key)
    if hit is not None and hit[0] is statement:
        return hit[1]
    if len(_STATEMENT_CACHE) >= _STATEMENT_CACHE_SIZE:
        _STATEMENT_CACHE.clear()
    compiled = _CompiledStatement(statement, variables)
    _STATEMENT_CACHE[key] = (statement, compiled)  # holding the statement keeps its id unique
    return compiled


class _CompiledStatement:
    """A statement made ready for fast matching.

    The Action part is prepared at once (it decides most requests); Resource and Condition
    are prepared the first time a request gets past the action, because a batch of policies
    mostly fails there and compiling regexes costs more than matching them.
    """

    __slots__ = (
        "statement",
        "variables",
        "index",
        "effect",
        "label",
        "action_negated",
        "action_patterns",
        "_any_action",
        "_exact_actions",
        "_action_prefixes",
        "_action_pieces",
        "_action_regex",
        "resource_negated",
        "resource_templates",
        "_prepared",
        "_any_resource",
        "_static_resources",
        "_resource_prefixes",
        "_resource_pieces",
        "_resource_slow",
        "_dynamic_resources",
        "_clauses",
    )

    def __init__(self, statement: Statement, variables: bool) -> None:
        self.statement = statement
        self.variables = variables
        self.index = statement.index
        self.effect = statement.effect
        self.label = statement.label
        self.action_negated = statement.actions is None
        patterns = statement.actions if statement.actions is not None else statement.not_actions
        self.action_patterns: tuple[str, ...] = patterns or ()
        exact, prefixes, wild = _split_patterns(tuple(p.lower() for p in self.action_patterns))
        self._any_action = "" in prefixes
        self._exact_actions = frozenset(exact)
        self._action_prefixes = tuple(prefixes)
        pieces = [ops.star_pieces(p) for p in wild]
        self._action_pieces = tuple(p for p in pieces if p is not None)
        rest = [p for p, pc in zip(wild, pieces, strict=True) if pc is None]
        self._action_regex = (
            re.compile("|".join(f"(?:{ops.glob_regex_source(p)})" for p in rest), re.DOTALL)
            if rest
            else None
        )
        self.resource_negated = statement.resources is None
        raw = statement.resources if statement.resources is not None else statement.not_resources
        self.resource_templates = tuple(parse_template(r, variables) for r in raw or ())
        self._prepared = False
        self._clauses: tuple[_Clause, ...] | None = None

    def _prepare(self) -> None:
        static: list[str] = []
        slow: list[_LazyPattern] = []
        dynamic: list[tuple[Part, ...]] = []
        for parts in self.resource_templates:
            if len(parts) == 1 and isinstance(parts[0], Literal) and parts[0].wildcard_ok:
                static.append(parts[0].text)  # the usual case: plain text
            elif has_variables(parts):
                dynamic.append(parts)
            else:  # ${*} and friends: literal characters, so no fast path
                slow.append(_LazyPattern("resource", _tokens(parts)))
        exact, prefixes, wild = _split_patterns(tuple(static))
        pieces = [ops.star_pieces(p, segments=True) for p in wild]
        self._resource_pieces = tuple(p for p in pieces if p is not None)
        slow.extend(
            _LazyPattern("resource", ((p, True),))
            for p, pc in zip(wild, pieces, strict=True)
            if pc is None
        )
        self._any_resource = "" in prefixes
        self._static_resources = frozenset(exact)
        self._resource_prefixes = tuple(prefixes)
        self._resource_slow = tuple(slow)
        self._dynamic_resources = tuple(dynamic)
        self._prepared = True

    @property
    def clauses(self) -> tuple[_Clause, ...]:
        """The condition clauses, prepared the first time a request reaches them."""
        clauses = self._clauses
        if clauses is None:
            clauses = tuple(_Clause(c, self.variables) for c in self.statement.conditions)
            self._clauses = clauses
        return clauses

    # matching

    def action_ok(self, action: str) -> bool:
        """``action`` is lower case."""
        listed = (
            self._any_action
            or action in self._exact_actions
            or (self._action_prefixes and action.startswith(self._action_prefixes))
            or any(ops.match_pieces(p, action) for p in self._action_pieces)
            or (self._action_regex is not None and self._action_regex.fullmatch(action))
        )
        return bool(listed) != self.action_negated

    def resource_listed(self, resource: str, context: Context) -> bool:
        if not self._prepared:
            self._prepare()
        if self._any_resource or resource in self._static_resources:
            return True
        if self._resource_prefixes and resource.startswith(self._resource_prefixes):
            return True
        for pieces in self._resource_pieces:
            if ops.match_pieces(pieces, resource):
                return True
        for pattern in self._resource_slow:
            if pattern.matches(resource):
                return True
        for parts in self._dynamic_resources:
            literals = _substitute(parts, context)
            if literals is not None and _resource_entry_matches(_tokens(literals), resource):
                return True
        return False

    def resource_ok(self, resource: str, context: Context) -> bool:
        return self.resource_listed(resource, context) != self.resource_negated

    def matches(self, action: str, resource: str, context: Context, request: Request) -> bool:
        return (
            self.action_ok(action)
            and self.resource_ok(resource, context)
            and all(c.met(context) for c in self.clauses)
        )

    # explaining

    def explain(
        self, action: str, resource: str, context: Context, request: Request
    ) -> StatementOutcome:
        label = self.label
        reasons = [self._explain_action(request.action, action)]
        matched = self.action_ok(action)
        if matched:
            reasons.append(self._explain_resource(resource, context))
            matched = self.resource_ok(resource, context)
        if matched:
            for clause in self.clauses:
                ok = clause.met(context)
                reasons.append(f"{label}: {clause.explain(context, ok)}")
                matched = matched and ok
        effect = "allows" if self.effect == "Allow" else "denies"
        if matched:
            reasons.append(f"{label} applies: it {effect} the request.")
        else:
            reasons.append(f"{label} does not apply ({self.effect}).")
        return StatementOutcome(self.index, matched, tuple(reasons))

    def _explain_action(self, shown: str, action: str) -> str:
        hit = next((p for p in self.action_patterns if _action_entry_matches(p, action)), None)
        element = "NotAction" if self.action_negated else "Action"
        if hit is not None and not self.action_negated:
            return f"{self.label}: Action '{hit}' matches the action {shown}."
        if hit is not None:
            return f"{self.label}: NotAction '{hit}' excludes the action {shown}."
        listed = _listing(self.action_patterns)
        if self.action_negated:
            return (
                f"{self.label}: the action {shown} is not in NotAction ({listed}), "
                "so it is covered."
            )
        return f"{self.label}: the action {shown} is not in {element} ({listed})."

    def _explain_resource(self, resource: str, context: Context) -> str:
        element = "NotResource" if self.resource_negated else "Resource"
        hit = None
        notes = []
        for parts in self.resource_templates:
            literals = _substitute(parts, context)
            if literals is None:
                notes.append(_no_value_note(parts, context))
                continue
            if _resource_entry_matches(_tokens(literals), resource):
                hit = (parts, literals)
                break
        note = f" ({'; '.join(notes)})" if notes and hit is None else ""
        if hit is not None:
            shown = _shown_template(*hit)
            if self.resource_negated:
                return f"{self.label}: NotResource {shown} excludes the resource {resource}."
            return f"{self.label}: Resource {shown} matches the resource {resource}."
        listed = _listing(
            tuple(_listed_template(p, _substitute(p, context)) for p in self.resource_templates)
        )
        if self.resource_negated:
            return (
                f"{self.label}: the resource {resource} is not in NotResource ({listed}), "
                f"so it is covered{note}."
            )
        return f"{self.label}: the resource {resource} is not in {element} ({listed}){note}."


# --- conditions -------------------------------------------------------------------------------


class _Clause:
    __slots__ = ("raw", "operator", "key", "_values", "_static_test", "_null_wants")

    def __init__(self, clause: ConditionClause, variables: bool) -> None:
        self.raw = clause
        self.operator: Operator | None = parse_operator(clause.operator)
        self.key = clause.key.lower()
        op = self.operator
        self._null_wants: tuple[bool | None, ...] = ()
        self._static_test: Test | None = None
        self._values: tuple[tuple[Part, ...], ...] = ()
        if op is None:
            return
        if op.family == "Null":
            self._null_wants = tuple(ops.parse_bool(v) for v in clause.values)
            return
        enabled = variables and op.family in VARIABLE_FAMILIES
        self._values = tuple(parse_template(v, enabled) for v in clause.values)
        if not any(has_variables(p) for p in self._values):
            self._static_test = _any_test(
                op.family, op.comparator, tuple(_tokens(p) for p in self._values)
            )

    def _test(self, context: Context) -> Test:
        """A test of one request value against all the clause's values (OR)."""
        if self._static_test is not None:
            return self._static_test
        op = self.operator
        assert op is not None  # met() tests only a clause with a known operator
        resolved = []
        for parts in self._values:
            literals = _substitute(parts, context)
            if literals is not None:  # a value whose variable has no value matches nothing
                resolved.append(_tokens(literals))
        return _any_test(op.family, op.comparator, tuple(resolved))

    def met(self, context: Context) -> bool:
        op = self.operator
        if op is None:
            return False
        value = context.get(self.key)
        if op.family == "Null":
            absent = _absent(value)
            return any(want is not None and want == absent for want in self._null_wants)
        if _absent(value):
            if op.if_exists or op.qualifier == "ForAllValues":
                return True
            if op.qualifier == "ForAnyValue":
                return False
            return op.negated
        test = self._test(context)
        assert value is not None  # _absent(None) is true
        if isinstance(value, str):
            return test(value) != op.negated
        if op.qualifier == "ForAllValues":
            return all(test(v) != op.negated for v in value)
        if op.qualifier == "ForAnyValue":
            return any(test(v) != op.negated for v in value)
        return any(test(v) for v in value) != op.negated

    def explain(self, context: Context, ok: bool) -> str:
        raw = self.raw
        op = self.operator
        head = f"Condition {raw.operator} {raw.key}"
        verdict = "so the condition is met" if ok else "so the condition is not met"
        if op is None:
            return f"{head}: IAM has no condition operator {raw.operator}, {verdict}."
        value = context.get(self.key)
        absent = _absent(value)
        has = _request_has(raw.key, value, op.family)
        if op.family == "Null":
            wants = " or ".join(
                "the key to be absent"
                if w
                else "the key to be present"
                if w is not None
                else f"'{v}' (not true or false)"
                for w, v in zip(self._null_wants, raw.values, strict=True)
            )
            return f"{head}: {has}, the statement wants {wants}, {verdict}."
        if absent:
            if op.if_exists:
                why = "and ...IfExists is met when the key is absent"
            elif op.qualifier == "ForAllValues":
                why = "and ForAllValues is met when the key is missing or empty"
            elif op.qualifier == "ForAnyValue":
                why = "and ForAnyValue needs at least one value"
            elif op.negated:
                why = "and a negated operator is met when the key is absent"
            else:
                why = "and nothing absent can match"
            return f"{head}: {has}, {why}, {verdict}."
        wants = _wants(op, self._shown_values(context))
        if op.qualifier == "ForAllValues":
            wants = f"every request value to be {wants}"
        elif op.qualifier == "ForAnyValue":
            wants = f"at least one request value to be {wants}"
        elif not isinstance(value, str):
            wants = (
                f"{wants} (several request values without ForAnyValue/ForAllValues: "
                + ("met when none matches" if op.negated else "met when any one matches")
                + ")"
            )
        return f"{head}: {has}, the statement wants {wants}, {verdict}."

    def _shown_values(self, context: Context) -> list[str]:
        assert self.operator is not None  # explain() shows the values of a known operator
        family = self.operator.family
        shown = []
        for parts in self._values:
            literals = _substitute(parts, context)
            if literals is None:
                shown.append(f"'{spelling(parts)}' ({_no_value_note(parts, context)})")
            else:
                text = "".join(p.text for p in literals)
                shown.append(_shown_template(parts, literals) + _reading(family, text, True))
        return shown


def _absent(value: str | tuple[str, ...] | None) -> bool:
    """A missing key, or an empty list of values (the empty string is a value)."""
    return value is None or (not isinstance(value, str) and len(value) == 0)


def _request_has(key: str, value: str | tuple[str, ...] | None, family: str = "String") -> str:
    if value is None:
        return f"the request has no {key}"
    if not isinstance(value, str) and not value:
        return f"the request has an empty list for {key}"
    if isinstance(value, str):
        return f"the request has '{value}'{_reading(family, value)}"
    return "the request has " + ", ".join(f"'{v}'{_reading(family, v)}" for v in value)


def _reading(family: str, text: str, policy_side: bool = False) -> str:
    """How the family reads a value, when that is worth saying: an epoch date, an unreadable one."""
    if family == "Numeric" and ops.parse_number(text) is None:
        return " (not a number)"
    if family == "Date":
        micros = ops.parse_date(text)
        if micros is None:
            return " (not a date)"
        if ops.EPOCH_SECONDS.fullmatch(text.strip()):
            moment = ops.EPOCH_START + timedelta(microseconds=micros)
            return f" ({moment.isoformat().replace('+00:00', 'Z')})"
    if family == "IpAddress" and policy_side:
        return " (not an address or CIDR)" if ops.parse_network(text) is None else ""
    if family == "IpAddress" and ops.parse_address(text) is None:
        return " (not an IP address)"
    if family == "Bool" and ops.parse_bool(text) is None:
        return " (neither true nor false)"
    if family == "Binary" and ops.parse_binary(text) is None:
        return " (not base64)"
    return ""


# (positive, negated) phrases; the negated one is followed by one value or by "any of" a list.
_PHRASES = {
    ("String", "equals"): ("", "a value other than "),
    ("String", "equals_ignore_case"): ("", "a value other than "),
    ("String", "like"): ("a value like ", "a value not like "),
    ("Arn", "like"): ("an ARN like ", "an ARN not like "),
    ("Numeric", "equals"): ("the number ", "a number other than "),
    ("Numeric", "lt"): ("a number less than ", ""),
    ("Numeric", "lte"): ("a number at most ", ""),
    ("Numeric", "gt"): ("a number greater than ", ""),
    ("Numeric", "gte"): ("a number at least ", ""),
    ("Date", "equals"): ("the date ", "a date other than "),
    ("Date", "lt"): ("a date before ", ""),
    ("Date", "lte"): ("a date at or before ", ""),
    ("Date", "gt"): ("a date after ", ""),
    ("Date", "gte"): ("a date at or after ", ""),
    ("Bool", "equals"): ("", ""),
    ("Binary", "equals"): ("the bytes (base64) ", ""),
    ("IpAddress", "in_cidr"): ("an address in ", "an address outside "),
}


def _wants(op: Operator, shown: list[str]) -> str:
    positive, negative = _PHRASES[(op.family, op.comparator)]
    suffix = " (ignoring case)" if op.comparator == "equals_ignore_case" else ""
    if not shown:
        return (
            "a value from an empty list, which nothing is"
            if not op.negated
            else ("a value not in an empty list, which every value is")
        )
    if len(shown) == 1:
        return (negative if op.negated else positive) + shown[0] + suffix
    listed = ", ".join(shown)
    if op.negated and op.family == "IpAddress":
        return f"an address in none of {listed}"
    if op.negated:
        return f"{negative}any of {listed}{suffix}"
    return f"{positive}one of {listed}{suffix}"


# --- helpers ----------------------------------------------------------------------------------


def _tokens(parts: tuple[Part, ...] | tuple[Literal, ...]) -> tuple[tuple[str, bool], ...]:
    return tuple((p.text, p.wildcard_ok) for p in parts if isinstance(p, Literal))


def _substitute(parts: tuple[Part, ...], context: Context) -> tuple[Literal, ...] | None:
    """:func:`variables.substitute` over the lower-cased context built once per request."""
    out: list[Literal] = []
    for part in parts:
        if isinstance(part, Literal):
            out.append(part)
            continue
        value = context.get(part.key.lower())
        if not isinstance(value, str):  # missing, or multivalued: no value
            value = part.default
            if value is None:
                return None
        out.append(Literal(value, False))
    return tuple(out)


def _no_value_note(parts: tuple[Part, ...], context: Context) -> str:
    missing = [
        p.key
        for p in parts
        if isinstance(p, Variable)
        and p.default is None
        and not isinstance(context.get(p.key.lower()), str)
    ]
    keys = ", ".join(missing)
    return f"the request has no {keys}, so this entry matches nothing"


def _shown_template(parts: tuple[Part, ...], literals: tuple[Literal, ...]) -> str:
    text = "".join(p.text for p in literals)
    if has_variables(parts):
        return f"'{text}' (from '{spelling(parts)}')"
    return f"'{spelling(parts)}'"


def _listed_template(parts: tuple[Part, ...], literals: tuple[Literal, ...] | None) -> str:
    """A Resource entry as a list shows it: with its substituted text when it has variables."""
    if literals is None or not has_variables(parts):
        return spelling(parts)
    return f"{spelling(parts)} = {''.join(p.text for p in literals)}"


def _listing(items: tuple[str, ...], limit: int = 5) -> str:
    shown = ", ".join(items[:limit])
    if len(items) > limit:
        shown += f" and {len(items) - limit} more"
    return shown


@lru_cache(maxsize=8192)
def _action_entry_matches(pattern: str, action: str) -> bool:
    """One Action entry against a lower-case action (for explanations)."""
    return ops.glob_match(pattern.lower(), action)


def _resource_entry_matches(tokens: tuple[tuple[str, bool], ...], resource: str) -> bool:
    """One Resource entry, substituted, against the resource (for explanations)."""
    if all(ok for _, ok in tokens):
        text = "".join(t for t, _ in tokens)
        pieces = ops.star_pieces(text, segments=True)
        if pieces is not None:
            return ops.match_pieces(pieces, resource)
    return _lazy_resource(tokens).matches(resource)


@lru_cache(maxsize=8192)
def _lazy_resource(tokens: tuple[tuple[str, bool], ...]) -> _LazyPattern:
    return _LazyPattern("resource", tokens)


def _split_patterns(patterns: tuple[str, ...]) -> tuple[list[str], list[str], list[str]]:
    """Sort wildcard patterns into exact texts, plain prefixes (``abc*``) and the rest.

    A prefix pattern is text without wildcards followed by one ``*``: under both the action
    rule and the resource rule (a ``*`` at the end of a pattern matches across colons) it
    matches exactly the texts that start with the prefix.  ``*`` alone is the prefix ``""``.
    """
    exact, prefixes, wild = [], [], []
    for p in patterns:
        if "*" not in p and "?" not in p:
            exact.append(p)
        elif p.endswith("*") and "*" not in p[:-1] and "?" not in p:
            prefixes.append(p[:-1])
        else:
            wild.append(p)
    return exact, prefixes, wild


class _LazyPattern:
    """A wildcard pattern matched by regex, compiled only when a text passes a cheap check.

    Every match starts with the pattern's literal text before its first wildcard and ends with
    the literal text after its last one, so a text without them is refused at once; most texts
    of a batch are, and compiling a regex costs more than many matches.  ``kind`` picks the
    rule: "resource" (:func:`operators.resource_regex_source`), "like" (StringLike) or "arn"
    (:func:`operators.arn_regex_source`).
    """

    __slots__ = ("kind", "tokens", "prefix", "suffix", "_regex")

    def __init__(self, kind: str, tokens: tuple[tuple[str, bool], ...]) -> None:
        self.kind = kind
        self.tokens = tokens
        chars = [(c, ok and c in "*?") for text, ok in tokens for c in text]
        wild = [i for i, (_, is_wild) in enumerate(chars) if is_wild]
        if wild:
            self.prefix = "".join(c for c, _ in chars[: wild[0]])
            self.suffix = "".join(c for c, _ in chars[wild[-1] + 1 :])
        else:
            self.prefix = "".join(c for c, _ in chars)
            self.suffix = ""
        self._regex: re.Pattern[str] | None = None

    def matches(self, text: str) -> bool:
        if len(text) < len(self.prefix) + len(self.suffix):
            return False
        if not text.startswith(self.prefix) or not text.endswith(self.suffix):
            return False
        regex = self._regex
        if regex is None:
            regex = self._regex = _pattern_regex(self.kind, self.tokens)
        return regex.fullmatch(text) is not None


_NEVER = re.compile(r"(?!)")


@lru_cache(maxsize=8192)
def _pattern_regex(kind: str, tokens: tuple[tuple[str, bool], ...]) -> re.Pattern[str]:
    source: str | None
    if kind == "resource":
        source = ops.resource_regex_source(tokens)
    elif kind == "like":
        source = ops.glob_tokens_source(tokens)
    else:
        source = ops.arn_regex_source(tokens)
        if source is None:
            return _NEVER
    return re.compile(source, re.DOTALL)


def _never(_value: str) -> bool:
    return False


@lru_cache(maxsize=8192)
def _any_test(
    family: str, comparator: str, values: tuple[tuple[tuple[str, bool], ...], ...]
) -> Test:
    """One test for "the request value matches any of ``values``" (pieces of (text, ok))."""
    if not values:
        return _never
    texts = tuple("".join(t for t, _ in v) for v in values)
    if family == "String" and comparator == "equals":
        return frozenset(texts).__contains__
    if family == "String" and comparator == "equals_ignore_case":
        lowered = frozenset(t.lower() for t in texts)
        return lambda v: v.lower() in lowered
    if family == "String" or family == "Arn":  # like, with wildcards
        patterns = tuple(_LazyPattern("like" if family == "String" else "arn", v) for v in values)
        if len(patterns) == 1:
            return patterns[0].matches
        return lambda v: any(p.matches(v) for p in patterns)
    tests = [_one_test(family, comparator, t) for t in texts]
    if len(tests) == 1:
        return tests[0]
    return lambda v: any(t(v) for t in tests)


def _one_test(family: str, comparator: str, text: str) -> Test:
    if family == "Numeric":
        return _ordered_test(comparator, ops.parse_number(text), ops.parse_number)
    if family == "Date":
        return _ordered_test(comparator, ops.parse_date(text), ops.parse_date)
    if family == "Bool":
        wanted = ops.parse_bool(text)
        if wanted is None:
            return _never
        return lambda v: ops.parse_bool(v) is wanted
    if family == "Binary":
        wanted_bytes = ops.parse_binary(text)
        if wanted_bytes is None:
            return _never
        return lambda v: ops.parse_binary(v) == wanted_bytes
    if family == "IpAddress":
        network = ops.parse_network(text)
        if network is None:
            return _never

        def in_network(v: str) -> bool:
            address = ops.parse_address(v)
            return address is not None and address in network

        return in_network
    raise ValueError(f"no test for {family}")  # pragma: no cover


def _ordered_test(comparator: str, wanted, parse) -> Test:
    if wanted is None:
        return _never
    if comparator == "equals":
        return lambda v: (x := parse(v)) is not None and x == wanted
    if comparator == "lt":
        return lambda v: (x := parse(v)) is not None and x < wanted
    if comparator == "lte":
        return lambda v: (x := parse(v)) is not None and x <= wanted
    if comparator == "gt":
        return lambda v: (x := parse(v)) is not None and x > wanted
    return lambda v: (x := parse(v)) is not None and x >= wanted


def _decision_sentence(decision: str, labels: tuple[str, ...]) -> str:
    named = " and ".join(labels)
    if decision == "explicit_deny":
        return f"Decision: explicit deny by {named}; an explicit Deny overrides any Allow."
    if decision == "allow":
        return f"Decision: allow, by {named}, and no Deny applies."
    return "Decision: implicit deny: no statement allows the request."
