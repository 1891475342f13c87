"""Statements as z3 formulas over one symbolic request (resource and context), for the comparison.

Imported only by :mod:`compare` inside its functions: z3 costs ~100 ms to import.

The request space
=================

A symbolic request has one action (fixed per query: see ``action_space``), a resource
``R`` (a z3 string, never empty, as ``load_request`` refuses an empty resource) and, for
every context key that a clause or a policy variable of the policies names (keys are
case-insensitive: one variable set per lower-cased key):

* a length (how many values the request gives; 0 is a missing key, and an empty list counts
  as missing, as ``evaluate`` reads it) and ``n`` value slots, where ``n`` is the number of
  distinct clauses on the key.  Every key may hold a list: ``evaluate`` reads a list under a
  plain operator as "any value matches" (negated: "none does"), so a list can meet
  ``StringEquals a`` and ``StringEquals b`` at once, which no single value can.
  Small-model argument: each clause on the key is, as a function of the list, a boolean
  combination of atoms "some element satisfies phi" (``ForAllValues`` is "no element
  violates"; a plain operator is "some element matches", negated or not), one atom per
  clause: a list that satisfies the query keeps satisfying it when cut down to one witness
  element per true atom (false atoms stay false on a sub-list, true ones keep their
  witness), so ``n`` slots suffice.  A single string and a one-element list are the same to
  every operator; they differ only for policy variables (a list is no value), so keys named
  by a variable also have ``is_list``;
* the value's type follows the family of the operators on the key: a string (String, Arn,
  and the variables), a scaled integer (Numeric: every constant is a multiple of 1/scale
  with scale ten times finer than the finest constant, so a value strictly between two
  constants always exists on the grid), microseconds (Date, as ``operators.parse_date``), a
  128-bit vector with a version (IpAddress), one of the constants or "another value" (Bool,
  Binary), each with a "readable" flag for values the family cannot read (which make every
  comparison false, as ``operators`` documents).  A key used with two families (other than
  Null, which only looks at presence) is not encoded: the query is "unknown".

Other keys are left out of witnesses: no clause looks at them.

Strings over a small alphabet
=============================

Strings range over printable ASCII plus every character that occurs in a pattern or a
value of the policies (plus every character whose lower case is that of a character of an
IgnoreCase value, such as the Kelvin sign for ``k``).  This loses nothing: a character that
occurs in no pattern is matched only by ``*`` and ``?``, which match every character alike
(``?`` and a segment ``*`` refuse only ``:``, which is printable ASCII), so replacing it in a
witness by a printable character that occurs in no pattern (95 printable characters; one is
always free, else one is added) changes no match.  (One gap, written down: a character whose
lower case is two characters, such as U+0130, is not paired with those two under
IgnoreCase.)  Measured: the same regex query took 10.5 s over z3's full Unicode and 11 ms
over this alphabet.

Solving
=======

Every string test (a resource entry, a String/Arn value, equality with a constant) is a
Boolean *atom* standing for ``x in regex``.  ``Space.solve`` first asks z3 the question
whole for ``WHOLE_FIRST_MS``; if that does not settle it, the question is solved lazily:
z3 solves the Boolean and arithmetic part with the atoms free, then for each string the
atoms' values are checked together as one membership in an intersection of regexes and
complements (z3 answers that in milliseconds where the same tests as separate constraints
ran out of seconds), and an impossible combination comes back as a short clause (a core
found by dropping one test at a time).  Templates with policy variables tie strings together
by word equations; a question that contains one is asked whole only.

Keys that only StringEquals/StringNotEquals look at (no variable, no Like, no IgnoreCase)
are integers: the index of one of the constants, or -1 for "another value", which no
clause can tell apart from any other.

The alphabet constraint on context strings is left out of whole questions (z3 was slow on
``x in S*, y in S*, x = y`` under a disjunction): without it a question has more models,
not fewer, so "unsat" stays a proof, and a model that strays out of the alphabet is solved
again with it.

Patterns
========

* Resource entries follow ``operators.resource_regex_source``: a ``*`` followed by ``:`` or by
  the end matches anything, any other ``*`` matches within its segment, ``?`` one character
  other than ``:``; case-sensitive.
* StringLike ``*`` and ``?`` match any characters (``operators.glob_match``).
* ArnLike/ArnEquals: six colon-separated parts, each a glob; the first five have no ``:``.
* Policy variables (``variables.py``) are the key's single string value, as literal text;
  a missing key (or a list) takes the default, else the entry or value matches nothing.  A
  template with variables is encoded without quantifiers when every wildcard sits after the
  last variable (the fixed text is a prefix of the value) or before the first one (a
  suffix); other placements, variables in IgnoreCase or Arn values, and variables in
  Numeric/Date/IP values raise :class:`Unsupported`.
"""

from __future__ import annotations

import base64
import functools
import ipaddress
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import z3

from policybuilder.core.semantics.model import ConditionClause, Policy, Request, Statement
from policybuilder.core.semantics.operators import (
    Operator,
    parse_address,
    parse_binary,
    parse_bool,
    parse_date,
    parse_network,
    parse_number,
    parse_operator,
)
from policybuilder.core.semantics.variables import Literal, Variable, parse_template

WHOLE_FIRST_MS = 100  # the question asked whole first, for this long
MAX_ROUNDS = 200  # rounds of the lazy string check before "unknown"
CORE_MINIMIZE_UP_TO = 16  # tests on one string; beyond, the whole set is the conflict

#: The families whose condition values take policy variables (as ``evaluate.py`` chose).
VARIABLE_FAMILIES = frozenset({"String", "Arn", "Bool"})


class Unsupported(Exception):
    """A construct the encoding does not cover; the comparison answers "unknown" with it."""


_PRINTABLE = "".join(chr(c) for c in range(0x20, 0x7F))


@functools.cache
def _lower_preimages() -> dict[str, frozenset[str]]:
    """Every single character, grouped by its (single-character) lower case."""
    groups: dict[str, set[str]] = {}
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        low = ch.lower()
        if len(low) == 1 and (low != ch or ch.upper() != ch):
            groups.setdefault(low, set()).add(ch)
    return {k: frozenset(v | {k}) for k, v in groups.items()}


def _family_kind(family: str) -> str:
    return "string" if family in ("String", "Arn") else family


@dataclass
class _Key:
    """The variables of one context key."""

    name: str  # spelling for the witness (the first one met)
    kind: str  # "string", "Numeric", "Date", "Bool", "Binary", "IpAddress", or "none"
    variable: bool  # a policy variable names it, so a single string and a list differ
    slots: int = 1
    # Space sets these when it makes the key (None before; z3's types are Any to mypy).
    length: z3.ArithRef = None  # how many values the request gives (0: missing)
    present: z3.BoolRef = None
    is_list: z3.BoolRef = None  # variable keys only: a list has no variable value
    values: list = field(default_factory=list)  # one per slot: the typed value
    readable: list = field(default_factory=list)  # one per slot (non-string kinds)
    extra: list = field(default_factory=list)  # IpAddress: is_v4 per slot
    constants: list = field(default_factory=list)  # enum: the values the clauses name


class Space:
    """The symbolic request shared by every policy of one comparison."""

    def __init__(self, policies: list[Policy], extra_patterns: tuple[str, ...] = ()) -> None:
        self.policies = policies
        self.versioned = {id(p): p.version == "2012-10-17" for p in policies}
        self._clauses_by_key: dict[str, list[tuple[ConditionClause, Operator | None]]] = {}
        chars: set[str] = set(_PRINTABLE)
        ignore_case = False
        ignore_case_chars: set[str] = set()
        numeric_places = 0
        for policy in policies:
            for s in policy.statements:
                for text in (s.resources or ()) + (s.not_resources or ()):
                    chars.update(text)
                for clause in s.conditions:
                    op = parse_operator(clause.operator)
                    self._clauses_by_key.setdefault(clause.key.lower(), []).append((clause, op))
                    for v in clause.values:
                        chars.update(v)
                    if op is not None and op.comparator == "equals_ignore_case":
                        ignore_case = True
                        ignore_case_chars.update("".join(clause.values))
                    if op is not None and op.family == "Numeric":
                        for v in clause.values:
                            n = parse_number(v)
                            exponent = None if n is None else n.normalize().as_tuple().exponent
                            if isinstance(exponent, int):  # parse_number's are finite
                                numeric_places = max(numeric_places, -exponent)
        for text in extra_patterns:
            chars.update(text)
        if ignore_case:
            # Only the characters of IgnoreCase values can be told apart by their case.
            groups = _lower_preimages()
            for ch in list(ignore_case_chars):
                chars |= groups.get(ch.lower(), frozenset())
        used = {c for c in chars if c not in _PRINTABLE}
        pattern_chars: set[str] = set()
        for policy in policies:
            for s in policy.statements:
                for text in (s.resources or ()) + (s.not_resources or ()):
                    pattern_chars.update(text)
                for clause in s.conditions:
                    for v in clause.values:
                        pattern_chars.update(v)
        pattern_chars.update("".join(extra_patterns))
        if set(_PRINTABLE) <= pattern_chars:
            used.add("\u2603")  # one character no pattern names
        self.scale = 10 ** (max(numeric_places, 0) + 1)
        self.sigma = (
            z3.Union(z3.Range(" ", "~"), *[z3.Re(z3.StringVal(c)) for c in sorted(used)])
            if used
            else z3.Range(" ", "~")
        )
        self.sigma_no_colon = z3.Union(
            z3.Range(" ", "9"), z3.Range(";", "~"), *[z3.Re(z3.StringVal(c)) for c in sorted(used)]
        )
        self.chars = frozenset(chars)
        self.domain: list[z3.BoolRef] = []
        # Context strings are kept in the alphabet only when a model strays out of it: z3
        # took seconds (or gave up) on x in S*, y in S* with x = y under a disjunction, and
        # 26 ms without.  An unsat answer without them is unsat with them (fewer
        # constraints), so proofs stay sound; a model is checked with in_alphabet().
        self.value_domain: list[z3.BoolRef] = []
        self.resource = z3.String("resource")
        # Plus, not Star and Length >= 1: z3 took seconds over the length form (measured)
        self.resource_domain = z3.InRe(self.resource, z3.Plus(self.sigma))
        # String membership tests become Boolean atoms (see solve()).
        self._atoms: dict[tuple[int, int], z3.BoolRef] = {}
        self._atom_info: dict[int, tuple[z3.SeqRef, z3.ReRef, z3.BoolRef]] = {}
        # templates with policy variables tie strings together (word equations)
        self._links: dict[int, list[z3.BoolRef]] = {}
        self._string_cache: dict[frozenset, tuple] = {}
        self.keys: dict[str, _Key] = {}
        self._fresh = 0
        self._stmt_cache: dict[tuple[int, int], z3.BoolRef] = {}

    # --- keys ---------------------------------------------------------------------------------

    def key(self, name: str) -> _Key:
        lower = name.lower()
        found = self.keys.get(lower)
        if found is not None:
            return found
        clauses = self._clauses_by_key.get(lower, [])
        families = {op.family for _, op in clauses if op is not None and op.family != "Null"}
        kinds = {_family_kind(f) for f in families}
        is_variable = lower in self._variable_keys_set
        if is_variable:
            kinds.add("string")
        if len(kinds) > 1:
            raise Unsupported(
                f"the context key {name} is compared as "
                + " and as ".join(sorted(families | ({"String"} if is_variable else set())))
            )
        kind = kinds.pop() if kinds else "none"
        constants: list[str] = []
        if kind == "string" and not is_variable and self._only_equals(clauses):
            # Only StringEquals/StringNotEquals with constants look at the key: its value is
            # one of the constants or "another value", which no clause tells apart.  An
            # integer stands for it, and z3's string theory is left out of the question.
            kind = "enum"
            constants = sorted(
                {v for c, op in clauses if op and op.family == "String" for v in c.values}
            )
        idx = len(self.keys)
        distinct = {(op.name if op else c.operator, c.values) for c, op in clauses}
        k = _Key(name=name, kind=kind, variable=is_variable, constants=constants)
        k.slots = max(1, len(distinct))
        k.length = z3.Int(f"k{idx}_len")
        k.present = k.length >= 1  # an empty list counts as a missing key (evaluate.py)
        self.domain.append(k.length >= 0)
        self.domain.append(k.length <= k.slots)
        if is_variable:
            k.is_list = z3.Bool(f"k{idx}_is_list")
            self.domain.append(z3.Implies(z3.Not(k.is_list), k.length <= 1))
        for i in range(k.slots):
            v, readable, extra = self._value_vars(f"k{idx}_{i}", kind, len(constants))
            k.values.append(v)
            k.readable.append(readable)
            k.extra.append(extra)
        self.keys[lower] = k
        return k

    @functools.cached_property
    def _variable_keys_set(self) -> frozenset[str]:
        found = set()
        for policy in self.policies:
            enabled = self.versioned[id(policy)]
            for s in policy.statements:
                texts = list((s.resources or ()) + (s.not_resources or ()))
                for clause in s.conditions:
                    op = parse_operator(clause.operator)
                    if op is not None and op.family in VARIABLE_FAMILIES:
                        texts.extend(clause.values)
                for text in texts:
                    for part in parse_template(text, enabled):
                        if isinstance(part, Variable):
                            found.add(part.key.lower())
        return frozenset(found)

    @staticmethod
    def _only_equals(clauses) -> bool:
        for clause, op in clauses:
            if op is None or op.family == "Null":
                continue
            if op.family != "String" or op.comparator != "equals":
                return False
            if any("${" in v for v in clause.values):
                return False
        return True

    def _value_vars(self, name: str, kind: str, constants: int = 0):
        if kind == "enum":
            v = z3.Int(name)  # index of a constant, or -1 for any other value
            self.domain.append(v >= -1)
            self.domain.append(v < constants)
            return v, None, None
        if kind in ("string", "none"):
            v = z3.String(name)
            self.value_domain.append(z3.InRe(v, z3.Star(self.sigma)))
            return v, None, None
        readable = z3.Bool(name + "_ok")
        if kind == "Numeric":
            return z3.Int(name), readable, None
        if kind == "Date":
            v = z3.Int(name)
            return v, readable, None
        if kind == "IpAddress":
            v = z3.BitVec(name, 128)
            is_v4 = z3.Bool(name + "_v4")
            self.domain.append(z3.Implies(is_v4, z3.ULT(v, z3.BitVecVal(1 << 32, 128))))
            return v, readable, is_v4
        if kind in ("Bool", "Binary"):
            v = z3.Int(name)  # Bool: 1 true, 0 false; Binary: index of a constant, -1 another
            self.domain.append(v >= -1)
            if kind == "Bool":
                self.domain.append(z3.Or(v == 0, v == 1))
            return v, readable, None
        raise Unsupported(f"values of type {kind}")  # pragma: no cover

    def binary_constants(self, key: str) -> list[bytes]:
        out: list[bytes] = []
        for clause, op in self._clauses_by_key.get(key.lower(), []):
            if op is not None and op.family == "Binary":
                for v in clause.values:
                    b = parse_binary(v)
                    if b is not None and b not in out:
                        out.append(b)
        return out

    # --- templates ----------------------------------------------------------------------------

    def _tokens_re(self, tokens: list[tuple[str, bool]], mode: str, after: str = "") -> z3.ReRef:
        """(character, wildcard_ok) tokens as a regex.

        mode "like" (StringLike: ``*`` any run, ``?`` any one), "resource" (the Resource
        rules: ``*`` followed by ``:`` or by the end matches anything, other ``*`` stay in
        their segment, ``?`` is one character other than ``:``), "ignore_case" (no
        wildcards; letters in either case), "like_ignore_case", "equals" (literal).
        ``after`` is the character that follows the tokens in the whole template ("" for
        the end), which decides a final ``*`` in resource mode.
        """
        wild = mode in ("like", "resource", "like_ignore_case")
        ignore_case = mode in ("ignore_case", "like_ignore_case")
        out = []
        run: list[str] = []  # literal text is one regex, not one per character (z3 is faster)

        def flush() -> None:
            if run:
                out.append(z3.Re(z3.StringVal("".join(run))))
                run.clear()

        for i, (ch, ok) in enumerate(tokens):
            if wild and ok and ch == "*":
                flush()
                following = tokens[i + 1][0] if i + 1 < len(tokens) else after
                if mode == "resource" and following not in ("", ":"):
                    out.append(z3.Star(self.sigma_no_colon))
                else:
                    out.append(z3.Star(self.sigma))
            elif wild and ok and ch == "?":
                flush()
                out.append(self.sigma_no_colon if mode == "resource" else self.sigma)
            elif ignore_case and ch.lower() != ch.upper():
                flush()
                out.append(self._char(ch, True))
            else:
                run.append(ch)
        flush()
        return _concat_re(out)

    def _char(self, ch: str, ignore_case: bool) -> z3.ReRef:
        if not ignore_case:
            return z3.Re(z3.StringVal(ch))
        same = sorted(c for c in self.chars if c.lower() == ch.lower())
        if not same:
            same = [ch]
        if len(same) == 1:
            return z3.Re(z3.StringVal(same[0]))
        return z3.Union(*[z3.Re(z3.StringVal(c)) for c in same])

    def _link(self, body: z3.BoolRef, defs: list[z3.BoolRef]) -> z3.BoolRef:
        """A Boolean for a template with variables, defined by ``body`` (and ``defs``)."""
        link = z3.Bool(f"link{len(self._links)}")
        self._links[link.get_id()] = [link == body, *defs]
        return link

    def atom(self, x: z3.SeqRef, regex: z3.ReRef) -> z3.BoolRef:
        """A Boolean that stands for ``x in regex`` (one per string and regex)."""
        key = (x.get_id(), regex.get_id())
        found = self._atoms.get(key)
        if found is None:
            found = z3.Bool(f"atom{len(self._atoms)}")
            self._atoms[key] = found
            self._atom_info[found.get_id()] = (x, regex, found)
        return found

    def template_match(self, x: z3.SeqRef, text: str, mode: str, enabled: bool) -> z3.BoolRef:
        """``x`` matches the (substituted) template ``text``.

        mode: "equals", "ignore_case", "like", "resource", "arn".
        """
        parts = parse_template(text, enabled)
        if not any(isinstance(p, Variable) for p in parts):
            if mode == "equals":
                text = "".join(p.text for p in parts if isinstance(p, Literal))
                return self.atom(x, z3.Re(z3.StringVal(text)))
            if mode == "arn":
                return self.atom(x, self._arn_re(parts))
            tokens = [(c, p.wildcard_ok) for p in parts if isinstance(p, Literal) for c in p.text]
            return self.atom(x, self._tokens_re(tokens, mode))
        if mode in ("ignore_case", "arn"):
            raise Unsupported(f"a policy variable in a {mode.replace('_', ' ')} value ({text})")
        defs: list[z3.BoolRef] = []
        guards: list[z3.BoolRef] = []
        # items: ("c", char, wildcard_ok) or ("v", z3 string)
        items: list[tuple] = []
        for p in parts:
            if isinstance(p, Variable):
                value, has = self.variable_value(p)
                if has is not None:
                    guards.append(has)
                items.append(("v", value))
            else:
                items.extend(("c", c, p.wildcard_ok) for c in p.text)

        def is_wild(item) -> bool:
            return item[0] == "c" and item[2] and item[1] in "*?" and mode != "equals"

        def fixed_str(chunk) -> z3.SeqRef:
            out: list = []
            for item in chunk:
                if item[0] == "v":
                    out.append(item[1])
                elif out and isinstance(out[-1], str):
                    out[-1] += item[1]
                else:
                    out.append(item[1])
            return _concat_str([z3.StringVal(o) if isinstance(o, str) else o for o in out])

        wild = [i for i, item in enumerate(items) if is_wild(item)]
        if not wild:
            return self._link(z3.And(*guards, x == fixed_str(items)), defs)
        var_positions = [i for i, item in enumerate(items) if item[0] == "v"]
        first_var, last_var = var_positions[0], var_positions[-1]
        if all(i > last_var for i in wild):
            cut = wild[0]  # the fixed text runs to the first wildcard
            fixed = fixed_str(items[:cut])
            rest = [(item[1], item[2]) for item in items[cut:]]
            if len(rest) == 1 and rest[0] == ("*", True):
                # the usual ".../${v}/*"
                return self._link(z3.And(*guards, z3.PrefixOf(fixed, x)), defs)
            tail = self._fresh_string()
            # The rest of x is a fresh string that x defines (so the encoding holds under
            # negation too).  z3 gave up on the same with str.substr and str.len.
            defs.append(z3.Implies(z3.PrefixOf(fixed, x), x == z3.Concat(fixed, tail)))
            return self._link(
                z3.And(*guards, z3.PrefixOf(fixed, x), z3.InRe(tail, self._tokens_re(rest, mode))),
                defs,
            )
        if all(i < first_var for i in wild):
            cut = wild[-1] + 1  # the fixed text starts after the last wildcard
            if mode == "resource" and items[cut][0] == "v" and items[cut - 1][1] == "*":
                raise Unsupported(
                    "a * just before a policy variable in a Resource (whether it crosses ':'"
                    " depends on the variable's value)"
                )
            fixed = fixed_str(items[cut:])
            head = [(item[1], item[2]) for item in items[:cut]]
            following = items[cut][1] if items[cut][0] == "c" else ""
            head_re = self._tokens_re(head, mode, after=following)
            star_at = next(i for i, t in enumerate(head) if t[1] and t[0] in "*?")
            full_star = mode != "resource" or following == ":"
            if head[star_at:] == [("*", True)] and full_star:
                # "arn:aws:iam::*:user/${aws:username}": a literal start, anything, the end
                start = "".join(c for c, _ in head[:star_at])
                return self._link(
                    z3.And(
                        *guards,
                        z3.PrefixOf(z3.StringVal(start), x),
                        z3.SuffixOf(fixed, x),
                        z3.Length(x) >= len(start) + z3.Length(fixed),
                    ),
                    defs,
                )
            head_var = self._fresh_string()
            defs.append(z3.Implies(z3.SuffixOf(fixed, x), x == z3.Concat(head_var, fixed)))
            return self._link(
                z3.And(*guards, z3.SuffixOf(fixed, x), z3.InRe(head_var, head_re)), defs
            )
        raise Unsupported(f"wildcards on both sides of a policy variable ({text})")

    def _fresh_string(self) -> z3.SeqRef:
        self._fresh += 1
        return z3.String(f"part{self._fresh}")

    def _arn_re(self, parts) -> z3.ReRef:
        """``operators.arn_regex_source`` as a z3 regex (no variables here)."""
        colons = 0
        out = []
        for part in parts:
            for ch in part.text:
                in_last = colons >= 5
                if ch == ":" and not in_last:
                    colons += 1
                    out.append(z3.Re(z3.StringVal(":")))
                elif part.wildcard_ok and ch == "*":
                    out.append(z3.Star(self.sigma if in_last else self.sigma_no_colon))
                elif part.wildcard_ok and ch == "?":
                    out.append(self.sigma if in_last else self.sigma_no_colon)
                else:
                    out.append(z3.Re(z3.StringVal(ch)))
        if colons < 5:
            return z3.Empty(z3.ReSort(z3.StringSort()))
        return _concat_re(out)

    def variable_value(self, var: Variable) -> tuple[z3.SeqRef, z3.BoolRef | None]:
        """The variable's text and the condition under which it has one (None: always)."""
        k = self.key(var.key)
        if k.kind not in ("string", "none"):
            raise Unsupported(f"the policy variable ${{{var.key}}} on a non-string key")
        has = z3.And(k.present, z3.Not(k.is_list))
        if var.default is None:
            return k.values[0], has
        return z3.If(has, k.values[0], z3.StringVal(var.default)), None

    # --- statements ---------------------------------------------------------------------------

    def statement(self, policy: Policy, s: Statement) -> z3.BoolRef:
        """Resource and Condition of ``s`` hold for the symbolic request (Action is per query)."""
        cache_key = (id(policy), s.index)
        found = self._stmt_cache.get(cache_key)
        if found is not None:
            return found
        enabled = self.versioned[id(policy)]
        if s.resources is not None:
            res = z3.Or(
                *[self.template_match(self.resource, r, "resource", enabled) for r in s.resources]
            )
        else:
            res = z3.Not(
                z3.Or(
                    *[
                        self.template_match(self.resource, r, "resource", enabled)
                        for r in s.not_resources or ()
                    ]
                )
            )
        conds = [self.clause(c, enabled) for c in s.conditions]
        out = z3.And(res, *conds)
        self._stmt_cache[cache_key] = out
        return out

    def clause(self, clause: ConditionClause, enabled: bool) -> z3.BoolRef:
        """One clause, as ``evaluate._Clause.met`` decides it."""
        op = parse_operator(clause.operator)
        if op is None:
            return z3.BoolVal(False)  # the evaluator: an unknown operator is not met
        k = self.key(clause.key)
        if op.family == "Null":
            return self._null(k, clause.values)
        if op.if_exists or op.qualifier == "ForAllValues":
            absent = True
        elif op.qualifier == "ForAnyValue":
            absent = False
        else:
            absent = op.negated
        enabled = enabled and op.family in VARIABLE_FAMILIES
        tests = [self._any_value(op, k, i, clause.values, enabled) for i in range(k.slots)]
        in_list = [k.length > i for i in range(k.slots)]
        if op.qualifier == "ForAllValues":
            body = z3.And(
                *[z3.Implies(in_list[i], _neg(tests[i], op.negated)) for i in range(k.slots)]
            )
        elif op.qualifier == "ForAnyValue":
            body = z3.Or(*[z3.And(in_list[i], _neg(tests[i], op.negated)) for i in range(k.slots)])
        else:
            # one value, or (chosen by evaluate.py) a list: any value matches, negated after
            body = _neg(z3.Or(*[z3.And(in_list[i], tests[i]) for i in range(k.slots)]), op.negated)
        return z3.If(k.present, body, z3.BoolVal(absent))

    def _null(self, k: _Key, values: tuple[str, ...]) -> z3.BoolRef:
        options = []
        for v in values:
            b = parse_bool(v)
            if b is True:
                options.append(z3.Not(k.present))
            elif b is False:
                options.append(k.present)
        return z3.Or(*options) if options else z3.BoolVal(False)

    def _any_value(self, op: Operator, k: _Key, slot: int, values, enabled: bool) -> z3.BoolRef:
        return (
            z3.Or(*[self._compare(op, k, slot, v, enabled) for v in values])
            if values
            else (z3.BoolVal(False))
        )

    def _compare(self, op: Operator, k: _Key, slot: int, value: str, enabled: bool):
        x = k.values[slot]
        ok = k.readable[slot]
        family = op.family
        if family == "String" and k.kind == "enum":
            return x == k.constants.index(value)
        if family == "String":
            mode = {"equals": "equals", "equals_ignore_case": "ignore_case", "like": "like"}[
                op.comparator
            ]
            return self.template_match(x, value, mode, enabled)
        if family == "Arn":
            return self.template_match(x, value, "arn", enabled)
        parts = parse_template(value, enabled)
        if any(isinstance(p, Variable) for p in parts):
            raise Unsupported(f"a policy variable in a {family} condition value ({value})")
        text = "".join(p.text for p in parts if isinstance(p, Literal))
        if family == "Numeric":
            n = parse_number(text)
            if n is None:
                return z3.BoolVal(False)
            c = int(n * self.scale)
            return z3.And(ok, _ordered(op.comparator, x, c))
        if family == "Date":
            d = parse_date(text)
            if d is None:
                return z3.BoolVal(False)
            return z3.And(ok, _ordered(op.comparator, x, d))
        if family == "Bool":
            b = parse_bool(text)
            if b is None:
                return z3.BoolVal(False)
            return z3.And(ok, x == (1 if b else 0))
        if family == "Binary":
            raw = parse_binary(text)
            if raw is None:
                return z3.BoolVal(False)
            return z3.And(ok, x == self.binary_constants(k.name).index(raw))
        if family == "IpAddress":
            net = parse_network(text)
            if net is None:
                return z3.BoolVal(False)
            is_v4 = k.extra[slot]
            bits = 32 if net.version == 4 else 128
            mask = ((1 << net.prefixlen) - 1) << (bits - net.prefixlen) if net.prefixlen else 0
            version_ok = is_v4 if net.version == 4 else z3.Not(is_v4)
            return z3.And(
                ok,
                version_ok,
                (x & z3.BitVecVal(mask, 128)) == z3.BitVecVal(int(net.network_address), 128),
            )
        raise Unsupported(f"the operator {op.name}")  # pragma: no cover

    # --- solving ------------------------------------------------------------------------------

    def solve(self, formulas: list, timeout_ms: int) -> tuple[str, object, str]:
        """("sat", model, ""), ("unsat", None, "") or ("unknown", None, why).

        Without policy variables, every string appears only in membership tests
        ``x in regex`` (equality with a constant is one too), each a Boolean atom.  The
        question is then solved lazily (DPLL(T) by hand): z3 solves the Boolean and
        arithmetic part with the atoms as free Booleans; for each string, the atoms' values
        in that model are checked together by z3's string solver alone (a conjunction of
        regex tests, milliseconds); an impossible combination comes back as a clause
        ("not all of these at once", from the unsat core) and the loop goes on.  Measured:
        a question z3 gave up on after 2 s with the strings inline took milliseconds this
        way.  With policy variables, strings are tied by word equations and the question
        goes to z3 whole, with the atoms defined in place.
        """
        deadline = time.monotonic() + timeout_ms / 1000
        atoms, links = self._parts_of(formulas)
        definitions = [found == z3.InRe(x, regex) for x, regex, found in atoms]
        for link in links:
            definitions.extend(link)
        if links:
            return self._solve_whole(formulas, definitions, timeout_ms)
        # Most questions are answered fastest whole; only the hard ones go the lazy way.
        status, model, why = self._solve_whole(
            formulas, definitions, min(WHOLE_FIRST_MS, timeout_ms)
        )
        if status != "unknown":
            return status, model, why
        timeout_ms = int((deadline - time.monotonic()) * 1000)
        if timeout_ms <= 0:
            return status, model, why
        abstraction = z3.Solver()
        abstraction.set("timeout", timeout_ms)
        abstraction.add(*self.domain, *formulas)
        by_string: dict[int, list[tuple[z3.ReRef, z3.BoolRef]]] = {}
        strings: dict[int, z3.SeqRef] = {}
        for x, regex, b in atoms:
            by_string.setdefault(x.get_id(), []).append((regex, b))
            strings[x.get_id()] = x
        for _ in range(MAX_ROUNDS):
            left = int((deadline - time.monotonic()) * 1000)
            if left <= 0:
                return "unknown", None, "timeout"
            abstraction.set("timeout", left)
            answer = abstraction.check()
            if answer == z3.unsat:
                return "unsat", None, ""
            if answer == z3.unknown:
                return "unknown", None, abstraction.reason_unknown()
            model = abstraction.model()
            values: dict[int, str] = {}
            conflict = False
            for sid, tests in by_string.items():
                wanted = [
                    (regex, z3.is_true(model.eval(b, model_completion=True)), b)
                    for regex, b in tests
                ]
                status, text, core = self._string_check(strings[sid], wanted, left)
                if status == "unknown":
                    return "unknown", None, "the string solver gave up"
                if status == "unsat":
                    abstraction.add(z3.Or(*[z3.Not(b) if val else b for b, val in core]))
                    conflict = True
                else:
                    values[sid] = text
            if not conflict:
                return "sat", _Model(model, values), ""
        return "unknown", None, f"no answer after {MAX_ROUNDS} rounds"

    def _solve_whole(self, formulas: list, definitions: list, timeout_ms: int):
        solver = z3.Solver()
        solver.set("timeout", timeout_ms)
        solver.add(self.resource_domain, *self.domain, *definitions, *formulas)
        answer = solver.check()
        if answer == z3.unsat:
            return "unsat", None, ""
        if answer == z3.unknown:
            return "unknown", None, solver.reason_unknown()
        model = solver.model()
        if self.in_alphabet(model):
            return "sat", model, ""
        solver.add(*self.value_domain)
        answer = solver.check()
        if answer == z3.sat:
            return "sat", solver.model(), ""
        # unsat here cannot happen in truth (the alphabet argument); say unknown to be safe
        return "unknown", None, "no example in the alphabet of the policies"

    def _parts_of(self, formulas: list) -> tuple[list[tuple], list[list]]:
        """The string atoms and the variable templates that ``formulas`` use."""
        found: dict[int, tuple] = {}
        links: dict[int, list] = {}
        seen: set[int] = set()
        stack = list(formulas)
        while stack:
            e = stack.pop()
            eid = e.get_id()
            if eid in seen:
                continue
            seen.add(eid)
            info = self._atom_info.get(eid)
            if info is not None:
                found[eid] = info
                continue
            link = self._links.get(eid)
            if link is not None:
                links[eid] = link
                stack.extend(link)  # a template's body may name other parts
                continue
            stack.extend(e.children())
        return list(found.values()), list(links.values())

    def _string_check(self, x: z3.SeqRef, wanted: list, timeout_ms: int):
        """Can ``x`` pass and fail these regex tests at once?  (status, value, core).

        The tests are asked as one membership in the intersection of the regexes (and
        complements): z3 answered that in 16 ms where the same tests as separate
        constraints ran out of 5 s (measured).  An impossible set is cut down to a small
        core by dropping one test at a time, so that the clause sent back is short.
        """
        key = frozenset((x.get_id(), regex.get_id(), val) for regex, val, _ in wanted)
        cached = self._string_cache.get(key)
        if cached is not None:
            status, text, core_ids = cached
            by_id = {(regex.get_id(), val): (b, val) for regex, val, b in wanted}
            return status, text, [by_id[i] for i in core_ids]
        deadline = time.monotonic() + timeout_ms / 1000
        status, text = self._regex_check(x, wanted, timeout_ms)
        if status != "unsat":
            if status == "sat":
                self._string_cache[key] = ("sat", text, ())
            return status, text, []
        core = list(wanted)
        if len(core) <= CORE_MINIMIZE_UP_TO:
            i = 0
            while i < len(core) and len(core) > 1:
                left = int((deadline - time.monotonic()) * 1000)
                if left <= 0:
                    break
                trial = core[:i] + core[i + 1 :]
                if self._regex_check(x, trial, left)[0] == "unsat":
                    core = trial
                else:
                    i += 1
        self._string_cache[key] = (
            "unsat",
            None,
            tuple((regex.get_id(), val) for regex, val, _ in core),
        )
        return "unsat", None, [(b, val) for _, val, b in core]

    def _regex_check(self, x: z3.SeqRef, tests: list, timeout_ms: int) -> tuple[str, str | None]:
        base = z3.Plus(self.sigma) if x.eq(self.resource) else z3.Star(self.sigma)
        parts = [base] + [regex if val else z3.Complement(regex) for regex, val, _ in tests]
        solver = z3.Solver()
        solver.set("timeout", max(1, timeout_ms))
        solver.add(z3.InRe(x, z3.Intersect(*parts) if len(parts) > 1 else parts[0]))
        answer = solver.check()
        if answer == z3.sat:
            return "sat", _model_string(solver.model(), x)
        return ("unsat" if answer == z3.unsat else "unknown"), None

    # --- witnesses ----------------------------------------------------------------------------

    def in_alphabet(self, model: z3.ModelRef) -> bool:
        """Every string of the model is over the alphabet (so the model reads as IAM would)."""
        allowed = self.chars | set(_PRINTABLE)
        for k in self.keys.values():
            if k.kind in ("string", "none"):
                for v in k.values:
                    if not set(_model_string(model, v)) <= allowed:
                        return False
        return set(_model_string(model, self.resource)) <= allowed

    def readable_values(self) -> list[z3.BoolRef]:
        """Preferences for witnesses: values that parse, and strings of letters and digits."""
        out = []
        word = z3.Plus(
            z3.Union(z3.Range("a", "z"), z3.Range("A", "Z"), z3.Range("0", "9"), z3.Range("-", "/"))
        )  # letters, digits, "-", "." and "/"
        for k in self.keys.values():
            for i in range(k.slots):
                if k.readable[i] is not None:
                    out.append(z3.Implies(k.length > i, k.readable[i]))
                elif k.kind in ("none", "string"):
                    out.append(z3.Implies(k.length > i, self.atom(k.values[i], word)))
        return out

    def pin(self, request: Request) -> list[z3.BoolRef] | None:
        """Constraints that make the symbolic request ``request`` (its resource and context).

        The inverse of :meth:`request`, for checking the encoding against ``evaluate``: with
        these added, a statement's formula must be true exactly when the evaluator matches
        the statement's resource and conditions.  None when the request does not fit the
        encoding (more values than slots, a number off the grid): such a request stands
        for others that do (see the module docstring), but is not itself a point of it.
        """
        out = [self.resource == z3.StringVal(request.resource)]
        for k in self.keys.values():
            value = request.value(k.name)
            values = () if value is None else (value,) if isinstance(value, str) else value
            if len(values) > k.slots:
                return None
            out.append(k.length == len(values))
            if k.variable:
                out.append(k.is_list == (not isinstance(value, str)))
            for i, text in enumerate(values):
                fixed = self._pin_value(k, i, text)
                if fixed is None:
                    return None
                out.extend(fixed)
        return out

    def _pin_value(self, k: _Key, slot: int, text: str) -> list | None:
        x, ok = k.values[slot], k.readable[slot]
        if k.kind in ("string", "none"):
            return [x == z3.StringVal(text)]
        if k.kind == "enum":
            return [x == (k.constants.index(text) if text in k.constants else -1)]
        if k.kind == "Numeric":
            n = parse_number(text)
            if n is None:
                return [z3.Not(ok)]
            scaled = n * self.scale
            return None if scaled != int(scaled) else [ok, x == int(scaled)]
        if k.kind == "Date":
            d = parse_date(text)
            return [z3.Not(ok)] if d is None else [ok, x == d]
        if k.kind == "Bool":
            b = parse_bool(text)
            return [z3.Not(ok)] if b is None else [ok, x == (1 if b else 0)]
        if k.kind == "Binary":
            raw = parse_binary(text)
            if raw is None:
                return [z3.Not(ok)]
            constants = self.binary_constants(k.name)
            return [ok, x == (constants.index(raw) if raw in constants else -1)]
        if k.kind == "IpAddress":
            address = parse_address(text)
            if address is None:
                return [z3.Not(ok)]
            is_v4 = k.extra[slot]
            return [ok, is_v4 == (address.version == 4), x == int(address)]
        return None

    def request(self, model: z3.ModelRef, action: str) -> Request:
        resource = _model_string(model, self.resource) or "*"
        context: dict[str, str | tuple[str, ...]] = {}
        for k in self.keys.values():
            n = model.eval(k.length, model_completion=True).as_long()
            if n == 0:
                continue  # missing (an empty list means the same)
            items = tuple(self._render(model, k, i) for i in range(n))
            as_list = n > 1 or (
                k.variable and z3.is_true(model.eval(k.is_list, model_completion=True))
            )
            context[k.name] = items if as_list else items[0]
        return Request(action=action, resource=resource, context=context)

    def _render(self, model: z3.ModelRef, k: _Key, slot: int) -> str:
        v = k.values[slot]
        if k.kind in ("string", "none"):
            return _model_string(model, v)
        if k.kind == "enum":
            index = model.eval(v, model_completion=True).as_long()
            if 0 <= index < len(k.constants):
                return k.constants[index]
            other, n = "other", 1
            while other in k.constants:
                n += 1
                other = f"other-{n}"
            return other
        if not z3.is_true(model.eval(k.readable[slot], model_completion=True)):
            return {"Numeric": "not-a-number", "Date": "not-a-date", "IpAddress": "not-an-ip"}.get(
                k.kind, "not-a-value"
            )
        value = model.eval(v, model_completion=True)
        if k.kind == "Numeric":
            return _decimal_text(Decimal(value.as_long()) / Decimal(self.scale))
        if k.kind == "Date":
            return _date_text(value.as_long())
        if k.kind == "Bool":
            return "true" if value.as_long() == 1 else "false"
        if k.kind == "Binary":
            index = value.as_long()
            constants = self.binary_constants(k.name)
            if 0 <= index < len(constants):
                return base64.b64encode(constants[index]).decode()
            unnamed = b"\x00"
            while unnamed in constants:
                unnamed += b"\x00"
            return base64.b64encode(unnamed).decode()
        if k.kind == "IpAddress":
            is_v4 = z3.is_true(model.eval(k.extra[slot], model_completion=True))
            number = value.as_long()
            return str(ipaddress.IPv4Address(number) if is_v4 else ipaddress.IPv6Address(number))
        raise Unsupported(f"values of type {k.kind}")  # pragma: no cover


class _Model:
    """The abstraction's model with the strings found for it (evaluates variables only)."""

    def __init__(self, model: z3.ModelRef, strings: dict[int, str]) -> None:
        self.model = model
        self.strings = strings

    def eval(self, e, model_completion: bool = True):
        text = self.strings.get(e.get_id())
        if text is not None:
            return z3.StringVal(text)
        return self.model.eval(e, model_completion=model_completion)


def _neg(x, negated: bool):
    return z3.Not(x) if negated else x


def _ordered(comparator: str, x, c):
    return {
        "equals": lambda: x == c,
        "lt": lambda: x < c,
        "lte": lambda: x <= c,
        "gt": lambda: x > c,
        "gte": lambda: x >= c,
    }[comparator]()


def _concat_re(items: list) -> z3.ReRef:
    if not items:
        return z3.Re(z3.StringVal(""))
    return items[0] if len(items) == 1 else z3.Concat(*items)


def _concat_str(items: list) -> z3.SeqRef:
    if not items:
        return z3.StringVal("")
    return items[0] if len(items) == 1 else z3.Concat(*items)


def _model_string(model: z3.ModelRef, v) -> str:
    value = model.eval(v, model_completion=True)
    return value.as_string() if z3.is_string_value(value) else ""


def _decimal_text(d: Decimal) -> str:
    text = format(d.normalize(), "f")
    return "0" if text in ("-0", "") else text


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _date_text(micros: int) -> str:
    try:
        moment = _EPOCH + timedelta(microseconds=micros)
    except OverflowError:
        moment = None
    if moment is None or not 1000 <= moment.year <= 9999:
        # ISO 8601 needs four-digit years; epoch seconds read back the same (parse_date)
        return _decimal_text(Decimal(micros) / Decimal(1_000_000))
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += f".{moment.microsecond:06d}"
    return text + "Z"
