"""Compare two identity-based policies: is the new one equivalent, narrower, broader?

``compare(old, new)`` answers with a verdict and, for every difference it claims, a concrete
request (a *witness*) that ``evaluate`` confirms: ``broader_witness`` is allowed by the new
policy and not by the old, ``narrower_witness`` the reverse.  ``find_grant(policy, actions=...,
resources=...)`` finds a request the policy allows among given actions and resources (team
rules: "no template may grant iam:PassRole on *").

Method
======

1. *Fast path.*  Two policies whose statements are the same set once normalized (order,
   Sids, duplicate entries, case of actions and condition keys) are equivalent without more
   work.
2. *Actions.*  The catalogue's actions are grouped into classes that every Action/NotAction
   element of both policies treats alike (``action_space``); one representative per class,
   preferably an action the policies name.
3. *Per class and direction, one question.*  For the class's statements, "is there a
   resource and a request context with Allowed(gain) and not Allowed(lose)?", where
   Allowed(p) = (some matching Allow statement holds) and (no matching Deny statement
   holds), a statement holding when its Resource/NotResource and all its Condition clauses
   do.  Cheap cases are answered without the solver: no Allow in ``gain`` (nothing to
   find); every Allow of ``gain`` also in ``lose`` and every Deny of ``lose`` also in
   ``gain`` (nothing to find); the same for ``lose`` having an Allow on ``*`` with no
   condition.  Questions with the same statements (by content) are asked once.
4. *Plain candidates first.*  ``guesses`` proposes a few obvious requests (a statement's
   own resource with its wildcards filled in, the catalogue's ARN, the plainest context that
   meets the statement's conditions, or none); the first that ``evaluate`` confirms is the
   witness.  This only ever finds differences; it never proves their absence.
5. *The solver.*  Otherwise the question goes to z3 (``symbolic`` says how resources,
   strings, numbers, dates, IP addresses and multivalued keys are encoded and how the
   string part is solved), each with a time limit (``TIMEOUT_MS``) and all of them within
   ``BUDGET_MS``.  ``unsat`` proves that the class has no difference in that direction;
   ``sat`` gives a model, which becomes a request.
6. *Witnesses.*  For a ``sat`` answer, the request is first sought with a realistic
   resource: an ARN in the catalogue's format for the action's resource types, with
   partition ``aws``, region ``us-east-1`` and account ``111122223333`` (else the same
   format with free parts, else any string; ``*`` first for actions that take no resource),
   single values rather than lists, and values that parse.  Every witness is evaluated
   with ``evaluate`` on both policies before it is returned.

Soundness: "equivalent" and "narrower" are said only when every class has been proved to
have no broader request.  A solver ``unknown`` or time-out, a construct the encoding does not
cover (``symbolic.Unsupported``), or a witness ``evaluate`` does not confirm makes the
answer ``unknown`` with ``reason``.  Rule chosen: a proven broader witness with an undecided
narrower side is still "broader" (that is what an admin must know; the reason says the
narrower side is undecided), while a proven narrower witness with an undecided broader side
is "unknown".

The universe of requests is the catalogue's actions (``iam_catalog.data_version()``), any
non-empty resource string and any context; it is one identity-based policy on its own (no
SCPs, boundaries, session or resource policies).  An action that the catalogue does not
list (a misspelt or retired one) is outside it: a difference on such an action alone is
not reported.

Witnesses are not always the same request from one run to the next (z3's models depend on
its internal state); verdicts and summaries are.

Measured by hand on the 2-core development machine, shared (load average near 5), at commit
time: every ordered pair of the 25 scenario outputs with their example values (625), p50
1.0 ms, p95 4.7 ms; each scenario against its guardrail and action variants (625 pairs), p95
6.0 ms; 120 pairs of AWS managed policies up to 10 KB, p50 3.9 ms, p95 21 ms; each of 884
managed policies against itself without its last statement, p95 23 ms, p99 56 ms, no
"unknown"; 200 random pairs of the property tests' policies (variables, every family), p50
2 ms, p95 0.3 s, no "unknown" verdict (two "broader" with an undecided narrower side).
``benchmarks/evaluate.py`` times the first three the same way.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from policybuilder.core import iam_catalog
from policybuilder.core.semantics import guesses
from policybuilder.core.semantics.action_space import ActionClass, action_classes
from policybuilder.core.semantics.model import Policy, Request, Statement, load_policy
from policybuilder.core.semantics.operators import parse_operator

TIMEOUT_MS = 2000  # one solver question
FIRST_TRY_MS = 300  # the first, short try at each question (before any gets TIMEOUT_MS)
BUDGET_MS = 8000  # all the questions of one comparison
PREFERENCE_TIMEOUT_MS = 60  # each try for a more readable witness
PREFERENCE_BUDGET_MS = 150  # all the tries for one witness

VERDICTS = ("equivalent", "narrower", "broader", "incomparable", "unknown")

#: Readable values for the parts of a catalogue ARN format.
READABLE_ARN_PARTS = {
    "partition": "aws",
    "region": "us-east-1",
    "account": "111122223333",
}


class GrantUndecided(Exception):
    """``find_grant`` could not decide (solver time-out or an unsupported construct)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Comparison:
    verdict: str
    broader_witness: Request | None = None
    narrower_witness: Request | None = None
    summary: tuple[str, ...] = ()
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "broader_witness": self.broader_witness.to_dict() if self.broader_witness else None,
            "narrower_witness": (
                self.narrower_witness.to_dict() if self.narrower_witness else None
            ),
            "summary": list(self.summary),
        }


# --- normal forms -----------------------------------------------------------------------------


def _clause_key(clause) -> tuple:
    op = parse_operator(clause.operator)
    return (op.name if op else clause.operator, clause.key.lower(), frozenset(clause.values))


def _content(policy: Policy, s: Statement) -> tuple:
    """What a statement says apart from its Action (for questions asked once per content)."""
    return (
        s.effect,
        policy.version == "2012-10-17",
        frozenset(s.resources) if s.resources is not None else None,
        frozenset(s.not_resources) if s.not_resources is not None else None,
        frozenset(_clause_key(c) for c in s.conditions),
    )


def _normal(policy: Policy) -> frozenset:
    return frozenset(
        (
            _content(policy, s),
            frozenset(a.lower() for a in s.actions) if s.actions is not None else None,
            frozenset(a.lower() for a in s.not_actions) if s.not_actions is not None else None,
        )
        for s in policy.statements
    )


# --- one side of a class ----------------------------------------------------------------------


@dataclass
class _Side:
    policy: Policy
    allows: list[Statement]
    denies: list[Statement]

    def contents(self, statements) -> frozenset:
        return frozenset(_content(self.policy, s) for s in statements)


def _unconditional_star(side: _Side) -> bool:
    return any(
        s.resources is not None and "*" in s.resources and not s.conditions for s in side.allows
    )


def _trivially_none(gain: _Side, lose: _Side) -> bool:
    """True when no request can be allowed by ``gain`` and not by ``lose`` (no solver)."""
    if not gain.allows:
        return True
    denies_kept = lose.contents(lose.denies) <= gain.contents(gain.denies)
    if not denies_kept:
        return False
    if gain.contents(gain.allows) <= lose.contents(lose.allows):
        return True
    return _unconditional_star(lose)


# --- the solver -------------------------------------------------------------------------------


class _Undecided(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Search:
    """The z3 side of one comparison (or one find_grant): the space and its questions."""

    def __init__(self, policies: list[Policy], extra_patterns: tuple[str, ...] = ()) -> None:
        from policybuilder.core.semantics import symbolic

        self.symbolic = symbolic
        self.space = symbolic.Space(policies, extra_patterns)
        self.started = time.monotonic()
        self._cache: dict[tuple, Any] = {}

    def remaining_ms(self) -> int:
        return int(BUDGET_MS - (time.monotonic() - self.started) * 1000)

    def allowed(self, side: _Side):
        z3 = self.symbolic.z3
        space = self.space
        allow = z3.Or(*[space.statement(side.policy, s) for s in side.allows])
        if not side.denies:
            return allow
        deny = z3.Or(*[space.statement(side.policy, s) for s in side.denies])
        return z3.And(allow, z3.Not(deny))

    def solve(
        self,
        formulas: list,
        action: str,
        cache_key: tuple | None = None,
        timeout_ms: int = 0,
    ):
        """A model of ``formulas`` (with a realistic resource when one exists) or None."""
        if cache_key is not None and cache_key in self._cache:
            return self._cache[cache_key]
        remaining = self.remaining_ms()
        if remaining <= 0:
            raise _Undecided(f"the comparison ran out of its {BUDGET_MS} ms budget")
        status, model, why = self.space.solve(formulas, min(timeout_ms or TIMEOUT_MS, remaining))
        if status == "unknown":
            raise _Undecided(f"the solver could not decide for {action} ({why})")
        result = None
        if status == "sat":
            result = self._preferred_model(formulas, action) or model
        if cache_key is not None:
            self._cache[cache_key] = result
        return result

    def _preferred_model(self, formulas: list, action: str):
        """A model that reads like a real request, when one is found quickly (tried in order)."""
        single = [k.length <= 1 for k in self.space.keys.values()]  # lists only where needed
        readable_values = self.space.readable_values()
        resource = self._resource_preferences(action)
        tiers = [[*resource[:1], *single, *readable_values], [*resource[:1], *single]]
        tiers += [[*resource[:1]], [*resource[1:2], *single], [*resource[1:2]], single]
        deadline = time.monotonic() + PREFERENCE_BUDGET_MS / 1000
        for preference in tiers:
            left = int((deadline - time.monotonic()) * 1000)
            if left <= 0:
                break
            if not preference:
                continue
            status, model, _ = self.space.solve(
                [*formulas, *preference], min(PREFERENCE_TIMEOUT_MS, left)
            )
            if status == "sat":
                return model
        return None

    def _resource_preferences(self, action: str) -> list:
        z3 = self.symbolic.z3
        space = self.space
        r = space.resource
        found = iam_catalog.get_action(action)
        if found is None or not found.resource_types:
            return [space.atom(r, z3.Re(z3.StringVal("*")))]
        types = iam_catalog.resource_types(found.service)
        readable, shaped = [], []
        for art in found.resource_types:
            rt = types.get(art.name.lower())
            if rt is None:
                continue
            readable.append(space.atom(r, _arn_format_re(space, rt.arn, fixed=True)))
            shaped.append(space.atom(r, _arn_format_re(space, rt.arn, fixed=False)))
        out = []
        if readable:
            out.append(z3.Or(*readable))
            out.append(z3.Or(*shaped))
        return out


def _arn_format_re(space, arn_format: str, *, fixed: bool):
    """A regex for a catalogue ARN format (``arn:${Partition}:connect:${Region}:...``)."""
    import z3

    pieces = []
    for i, part in enumerate(re.split(r"(\$\{[^}]*\})", arn_format)):
        if i % 2 == 0:
            if part:
                pieces.append(z3.Re(z3.StringVal(part)))
            continue
        name = part[2:-1].lower()
        value = READABLE_ARN_PARTS.get(name)
        if fixed and value is not None:
            pieces.append(z3.Re(z3.StringVal(value)))
        elif fixed:
            pieces.append(z3.Plus(z3.Union(z3.Range("a", "z"), z3.Range("0", "9"), z3.Re("-"))))
        else:
            pieces.append(z3.Plus(space.sigma_no_colon))
    return z3.Concat(*pieces) if len(pieces) > 1 else pieces[0]


def _confirm(request: Request, allowed_by: Policy, refused_by: Policy | None) -> bool:
    from policybuilder.core.semantics.evaluate import evaluate

    if evaluate(allowed_by, request).decision != "allow":
        return False
    return refused_by is None or evaluate(refused_by, request).decision != "allow"


# --- compare ----------------------------------------------------------------------------------


#: z3's Python API shares one context per process and is not safe across threads (the
#: development server is threaded): one comparison or grant search at a time per process.
_Z3_LOCK = threading.RLock()


def compare(
    old: Policy | Mapping[str, Any] | str, new: Policy | Mapping[str, Any] | str
) -> Comparison:
    """How ``new`` differs from ``old`` in what it allows (see the module docstring)."""
    old_p, new_p = load_policy(old), load_policy(new)
    if _normal(old_p) == _normal(new_p):
        return Comparison("equivalent")
    with _Z3_LOCK:
        return _compare(old_p, new_p)


def _compare(old_p: Policy, new_p: Policy) -> Comparison:
    statements = old_p.statements + new_p.statements
    classes = action_classes(statements, _action_test)
    n_old = len(old_p.statements)
    found: dict[str, Request | None] = {"broader": None, "narrower": None}
    undecided: dict[str, str | None] = {"broader": None, "narrower": None}
    search: _Search | None = None
    sides = []
    for cls in classes:
        old_side = _side(old_p, cls.signature[:n_old])
        new_side = _side(new_p, cls.signature[n_old:])
        sides.append((cls, old_side, new_side))
    for direction, pick in (("broader", lambda o, n: (n, o)), ("narrower", lambda o, n: (o, n))):
        todo = []
        for cls, old_side, new_side in sides:
            gain, lose = pick(old_side, new_side)
            if not _trivially_none(gain, lose):
                todo.append((cls, gain, lose))
        # plain candidates for every class first (microseconds each), then the solver: a
        # short try for every class, and the full time only for those still undecided
        found[direction] = next(
            (w for cls, gain, lose in todo if (w := _guessed(cls, gain, lose)) is not None), None
        )
        pending = todo if found[direction] is None else []
        for timeout in (FIRST_TRY_MS, TIMEOUT_MS):
            still, reason = [], None
            for cls, gain, lose in pending:
                try:
                    if search is None:
                        search = _Search([old_p, new_p])
                    witness = _solved(search, cls, gain, lose, timeout)
                except _Undecided as exc:
                    still.append((cls, gain, lose))
                    reason = reason or exc.reason
                    continue
                except Exception as exc:  # symbolic.Unsupported, imported lazily
                    if type(exc).__name__ != "Unsupported":
                        raise
                    undecided[direction] = undecided[direction] or f"not encoded: {exc}"
                    continue
                if witness is not None:
                    found[direction] = witness
                    break
            if found[direction] is not None or not still:
                break
            pending = still
            if timeout == TIMEOUT_MS:
                undecided[direction] = undecided[direction] or reason
        if found[direction] is not None:
            undecided[direction] = None
    summary = _summary(old_p, new_p, sides, found)
    return _verdict(found, undecided, summary)


def _action_test(statement: Statement):
    """The evaluator's own Action/NotAction test for ``statement`` (of a lower-cased action).

    ``evaluate`` compiles each statement once; its compiled test is used directly, since
    ``action_matches`` hashes the whole statement on every call (50 ms of a comparison).
    """
    from policybuilder.core.semantics import evaluate

    compiled = getattr(evaluate, "_compiled_statement", None)
    if compiled is not None:
        return compiled(statement, True).action_ok
    return lambda action: evaluate.action_matches(statement, action)


def _side(policy: Policy, signature: Sequence[bool]) -> _Side:
    matched = [s for s, m in zip(policy.statements, signature, strict=True) if m]
    return _Side(
        policy,
        [s for s in matched if s.effect == "Allow"],
        [s for s in matched if s.effect == "Deny"],
    )


def _guessed(cls: ActionClass, gain: _Side, lose: _Side) -> Request | None:
    """A plain candidate request of ``cls`` that ``gain`` allows and ``lose`` does not."""
    enabled = gain.policy.version == "2012-10-17"
    others = guesses.variable_keys(
        [*lose.allows, *lose.denies], lose.policy.version == "2012-10-17"
    )
    for request in guesses.candidates(cls.representative, gain.allows, enabled, others):
        if _confirm(request, gain.policy, lose.policy):
            return request
    return None


def _solved(
    search: _Search, cls: ActionClass, gain: _Side, lose: _Side, timeout_ms: int
) -> Request | None:
    """A confirmed request of ``cls`` that ``gain`` allows and ``lose`` does not, or None."""
    z3 = search.symbolic.z3
    formulas = [search.allowed(gain)]
    if lose.allows:
        formulas.append(z3.Not(search.allowed(lose)))
    key = (
        id(gain.policy),
        gain.contents(gain.allows),
        gain.contents(gain.denies),
        lose.contents(lose.allows),
        lose.contents(lose.denies),
    )
    model = search.solve(formulas, cls.representative, key, timeout_ms)
    if model is None:
        return None
    request = search.space.request(model, cls.representative)
    if not _confirm(request, gain.policy, lose.policy):
        raise _Undecided(
            f"the solver's example for {cls.representative} was not confirmed by the evaluator"
        )
    return request


def _verdict(found, undecided, summary) -> Comparison:
    broader, narrower = found["broader"], found["narrower"]
    if broader is not None and narrower is not None:
        return Comparison("incomparable", broader, narrower, summary)
    if broader is not None:
        if undecided["narrower"]:
            reason = f"whether it also allows less is undecided: {undecided['narrower']}"
            return Comparison("broader", broader, None, summary, reason)
        return Comparison("broader", broader, None, summary)
    if undecided["broader"]:
        return Comparison("unknown", None, narrower, summary, undecided["broader"])
    if narrower is not None:
        return Comparison("narrower", None, narrower, summary)
    if undecided["narrower"]:
        return Comparison("unknown", None, None, summary, undecided["narrower"])
    return Comparison("equivalent", None, None, summary)


# --- the difference in words ------------------------------------------------------------------


def _names(cls: ActionClass, limit: int = 4) -> str:
    members = list(cls.members)
    if cls.stands_for_unnamed and not members:
        return "every action of the services neither policy names"
    shown = ", ".join(members[:limit])
    more = len(members) - limit
    if cls.stands_for_unnamed:
        return f"{shown} and the actions of the services neither policy names"
    return shown + (f" and {more} more" if more > 0 else "")


def _keys(side: _Side) -> set[str] | None:
    """The condition keys that every Allow of the side needs (None: no Allow)."""
    if not side.allows:
        return None
    sets = [{c.key for c in s.conditions} for s in side.allows]
    common = set.intersection(*sets) if sets else set()
    return {k for k in common}


def _summary(old_p: Policy, new_p: Policy, sides, found) -> tuple[str, ...]:
    lines: list[str] = []
    added, removed, denied, undenied = [], [], [], []
    needs_new: dict[str, list[ActionClass]] = {}
    needs_gone: dict[str, list[ActionClass]] = {}
    resources_wider, resources_narrower = [], []
    allowed_classes = old_allowed_classes = 0
    for cls, old_side, new_side in sides:
        if new_side.allows:
            allowed_classes += 1
        if old_side.allows:
            old_allowed_classes += 1
        if new_side.allows and not old_side.allows:
            added.append(cls)
            continue
        if old_side.allows and not new_side.allows:
            removed.append(cls)
            continue
        if not old_side.allows:
            continue
        if new_side.denies and not old_side.denies:
            denied.append(cls)
        elif old_side.denies and not new_side.denies:
            undenied.append(cls)
        old_keys, new_keys = _keys(old_side), _keys(new_side)
        for key in sorted((new_keys or set()) - (old_keys or set()), key=str.lower):
            needs_new.setdefault(key, []).append(cls)
        for key in sorted((old_keys or set()) - (new_keys or set()), key=str.lower):
            needs_gone.setdefault(key, []).append(cls)
        reach = _resource_change(_resources(old_side.allows), _resources(new_side.allows))
        if reach == "wider":
            resources_wider.append(cls)
        elif reach == "narrower":
            resources_narrower.append(cls)
    for classes, what in (
        (added, "now allowed"),
        (removed, "no longer allowed"),
        (denied, "now denied in some cases"),
        (undenied, "no longer denied"),
    ):
        lines.extend(f"{_names(cls)} {_be(cls)} {what}" for cls in classes)
    lines.extend(_key_lines(needs_new, needs_gone, allowed_classes, old_allowed_classes))
    for cls in resources_wider:
        lines.append(f"resources widened for {_names(cls)}")
    for cls in resources_narrower:
        lines.append(f"resources narrowed for {_names(cls)}")
    if not lines and found["broader"] is not None:
        lines.append(f"{found['broader'].action} is allowed in more cases")
    if not lines and found["narrower"] is not None:
        lines.append(f"{found['narrower'].action} is allowed in fewer cases")
    return tuple(lines)


def _resource_change(old_res: frozenset[str], new_res: frozenset[str]) -> str | None:
    """ "wider" or "narrower" when the Allows' resources grow or shrink ("*" beats any ARN)."""
    if old_res == new_res:
        return None
    if "*" in new_res and "*" not in old_res:
        return "wider"
    if "*" in old_res and "*" not in new_res:
        return "narrower"
    if new_res > old_res:
        return "wider"
    if new_res < old_res:
        return "narrower"
    return None


def _key_lines(
    needs_new: dict[str, list[ActionClass]],
    needs_gone: dict[str, list[ActionClass]],
    allowed_classes: int,
    old_allowed_classes: int,
) -> list[str]:
    """The summary's lines about condition keys the Allows need now, or no longer."""
    lines: list[str] = []
    for key, classes in needs_new.items():
        if len(classes) == allowed_classes:
            lines.append(f"every action now needs {key}")
        else:
            lines.append(f"{', '.join(_names(c) for c in classes)} now need{_s(classes)} {key}")
    for key, classes in needs_gone.items():
        if len(classes) == old_allowed_classes:
            lines.append(f"no action needs {key} any more")
        else:
            lines.append(
                f"{', '.join(_names(c) for c in classes)} no longer need{_s(classes)} {key}"
            )
    return lines


def _be(cls: ActionClass) -> str:
    if cls.stands_for_unnamed and not cls.members:
        return "is"  # "every action of the services neither policy names is ..."
    return "is" if len(cls.members) == 1 and not cls.stands_for_unnamed else "are"


def _s(classes) -> str:
    return "s" if len(classes) == 1 and len(classes[0].members) == 1 else ""


def _resources(statements: Sequence[Statement]) -> frozenset[str]:
    out: set[str] = set()
    for s in statements:
        out.update(s.resources or ())
        if s.not_resources is not None:
            out.add("*")
    return frozenset(out)


# --- find_grant -------------------------------------------------------------------------------


def _grant_guesses(action, allows, resources, enabled):
    yield from guesses.candidates(action, allows, enabled)
    for s in allows:
        context = guesses.meeting_context(s, enabled)
        for pattern in resources:
            yield Request(action, guesses.fill(pattern, dict(context), False), context)


def find_grant(
    policy: Policy | Mapping[str, Any] | str,
    *,
    actions: Sequence[str],
    resources: Sequence[str] = ("*",),
) -> Request | None:
    """A request ``policy`` allows with one of ``actions`` on one of ``resources``, or None.

    ``actions`` and ``resources`` are IAM patterns (``iam:Pass*``, ``arn:aws:iam::*:role/*``);
    the resource patterns follow the Resource element's wildcard rules.  Raises
    :class:`GrantUndecided` when the solver cannot decide: a rule must never pass silently.
    """
    p = load_policy(policy)
    if not p.allows:
        return None
    with _Z3_LOCK:
        return _find_grant(p, tuple(actions), tuple(resources))


def _find_grant(p: Policy, actions: tuple[str, ...], resources: tuple[str, ...]) -> Request | None:
    classes = action_classes(p.statements, _action_test, only=actions)
    search: _Search | None = None
    undecided: str | None = None
    wanted_policy = Policy(
        (Statement(index=0, effect="Allow", actions=("*",), resources=tuple(resources)),),
        version=None,  # the rule's patterns are plain patterns, without variables
    )
    sides = [(cls, _side(p, cls.signature)) for cls in classes]
    enabled = p.version == "2012-10-17"
    for cls, side in sides:
        for request in _grant_guesses(cls.representative, side.allows, resources, enabled):
            if _confirm(request, p, None) and _confirm(request, wanted_policy, None):
                return request
    for cls, side in sides:
        if not side.allows:
            continue
        try:
            if search is None:
                search = _Search([p], tuple(resources))
            z3 = search.symbolic.z3
            space = search.space
            wanted = z3.Or(
                *[space.template_match(space.resource, r, "resource", False) for r in resources]
            )
            key = ("grant", side.contents(side.allows), side.contents(side.denies))
            model = search.solve([search.allowed(side), wanted], cls.representative, key)
        except _Undecided as exc:
            undecided = undecided or exc.reason
            continue
        except Exception as exc:
            if type(exc).__name__ != "Unsupported":
                raise
            undecided = undecided or f"not encoded: {exc}"
            continue
        if model is None:
            continue
        request = search.space.request(model, cls.representative)
        if _confirm(request, p, None):
            return request
        undecided = undecided or (
            f"the solver's example for {cls.representative} was not confirmed by the evaluator"
        )
    if undecided:
        raise GrantUndecided(undecided)
    return None
