"""Layer 2: the grammar of identity-based policies, as a JSON Schema applied with jsonschema.

The schema file names, on each subschema, the Access Analyzer code its
failure maps to (``x-code``) and a plain explanation (``x-message``), so the
mapping lives beside the rule.  The validator is compiled once per process.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policybuilder.core.condition_operators import BASES
from policybuilder.core.document import STATEMENT_KEY_ORDER, VERSION

from .context import Context
from .fixes import Tokens, delete_at, rename_key, set_at

if TYPE_CHECKING:  # jsonschema is imported on first use: most policies never need it
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "identity_policy.schema.json"

#: Every base operator, in the table's order (for the 'Did you mean' of a misspelt one).
CONDITION_OPERATORS = list(BASES)

# An identity policy's statement elements: the canonical order, less the principals.
_STATEMENT_ELEMENTS = tuple(k for k in STATEMENT_KEY_ORDER if not k.endswith("Principal"))


@functools.cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@functools.cache
def compiled() -> Draft202012Validator:
    """The compiled validator (checked against the metaschema once)."""
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(schema())
    return Draft202012Validator(schema())


@functools.cache
def compiled_statement() -> Draft202012Validator:
    """The statement subschema on its own, to validate (and cache) statement by statement."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema()["$defs"]["statement"])


@dataclass(frozen=True, slots=True)
class _Error:
    code: str
    message: str
    tokens: Tokens
    instance: Any


def check(ctx: Context) -> None:
    """Report every grammar error of the document.

    Statements are validated one by one against the statement subschema and
    the results cached by the statement's shape: AWS policies repeat the same
    few shapes thousands of times, and jsonschema is the validator's hot spot.
    """
    document = ctx.document
    statements = document.get("Statement") if isinstance(document, dict) else None
    if isinstance(statements, (list, dict)):
        if not _clean_top(document):
            top = dict(document)
            top["Statement"] = []
            for error in _top_errors(_top_signature(top)):
                ctx.add(error.code, error.message, error.tokens, _fix(ctx, error))
        items = [((), statements)] if isinstance(statements, dict) else enumerate(statements)
        for index, statement in items:
            if _clean_statement(statement):
                continue  # what jsonschema would say too: no error (see _clean_statement)
            base: Tokens = ("Statement", *((index,) if index != () else ()))
            for error in _statement_errors(_signature(statement)):
                shifted = _Error(error.code, error.message, (*base, *error.tokens), error.instance)
                ctx.add(shifted.code, shifted.message, shifted.tokens, _fix(ctx, shifted))
        return
    for error in _errors(compiled(), skeleton(document)):
        ctx.add(error.code, error.message, error.tokens, _fix(ctx, error))


_TYPE_ONLY = ("Action", "NotAction", "Resource", "NotResource")
_ONLY_STR = frozenset((str,))
_SCALAR_TYPES = (str, bool, int, float)


@functools.cache
def _statement_rules() -> tuple[frozenset[str], frozenset[str], re.Pattern[str], re.Pattern[str]]:
    """What :func:`_clean_statement` reads from the statement subschema itself: the
    elements it allows, the Effect values, and the Sid and operator patterns."""
    sub = schema()["$defs"]["statement"]
    props = sub["properties"]
    allowed = frozenset(k for k, v in props.items() if v.get("not") != {})
    effects = frozenset(props["Effect"]["enum"])
    sid = re.compile(props["Sid"]["pattern"])
    operator = re.compile(props["Condition"]["propertyNames"]["pattern"])
    return allowed, effects, sid, operator


@functools.cache
def _top_rules() -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """What :func:`_clean_top` reads from the schema: the top-level elements it allows,
    the Version values, and the elements it requires."""
    top = schema()
    allowed = frozenset(k for k, v in top["properties"].items() if v.get("not") != {})
    versions = frozenset(top["properties"]["Version"]["enum"])
    required = tuple(r for rule in top["allOf"] for r in rule.get("required", ()))
    return allowed, versions, required


def _clean_top(document: dict[str, Any]) -> bool:
    """True only for a document whose top level (its statements aside: the caller has
    checked that Statement is an object or an array) the schema accepts whole: the
    allowed elements, a Version of the enum, a string Id, the required elements."""
    if type(document) is not dict:
        return False
    allowed, versions, required = _top_rules()
    for key in document:
        if key not in allowed:
            return False
    for key in required:
        if key not in document:
            return False
    version = document.get("Version")
    if type(version) is not str or version not in versions:
        return False
    return "Id" not in document or type(document["Id"]) is str


@functools.lru_cache(maxsize=4096)
def _operator_ok(name: str) -> bool:
    return _statement_rules()[3].search(name) is not None


def _clean_statement(statement: Any) -> bool:
    """True only for a statement the statement subschema accepts whole (no error at all).

    Nearly every statement of a real policy is one; checking that directly is much
    cheaper than jsonschema.  A False sends the statement to jsonschema as before, so
    this may be conservative but never decides an error: everything it tests is what
    the subschema requires (types, the Effect enum, the Sid and operator patterns, the
    required and exclusive elements), and anything unusual is left to jsonschema.
    """
    if type(statement) is not dict:
        return False
    allowed, effects, sid_pattern, _ = _statement_rules()
    for key in statement:
        if key not in allowed:
            return False
    effect = statement.get("Effect")
    if type(effect) is not str or effect not in effects:
        return False
    sid = statement.get("Sid", "")
    if type(sid) is not str or sid_pattern.search(sid) is None:
        return False
    if ("Action" in statement) == ("NotAction" in statement):
        return False
    if ("Resource" in statement) == ("NotResource" in statement):
        return False
    for key in _TYPE_ONLY:
        value = statement.get(key)
        if value is None and key not in statement:
            continue
        if type(value) is str:
            continue
        if type(value) is not list or not set(map(type, value)) <= _ONLY_STR:
            return False  # (the set of the items' types, made at C speed)
    if "Condition" in statement:
        condition = statement["Condition"]
        if type(condition) is not dict:
            return False
        for op, block in condition.items():
            if type(block) is not dict or not _operator_ok(op):
                return False
            for value in block.values():
                if type(value) is list:
                    if any(type(v) not in _SCALAR_TYPES for v in value):
                        return False
                elif type(value) not in _SCALAR_TYPES:
                    return False
    return True


def _signature(statement: Any) -> str:
    """The statement as the grammar sees it: strings whose content it ignores are blanked."""
    shape = skeleton(statement)
    if isinstance(shape, dict):
        sid = shape.get("Sid")
        if isinstance(sid, str) and sid.isascii() and sid.isalnum():
            shape["Sid"] = "S"
        for key in _TYPE_ONLY:
            if key in shape:
                shape[key] = _blank(shape[key])
        condition = shape.get("Condition")
        if isinstance(condition, dict):
            shape["Condition"] = {
                op: {k: _blank(v) for k, v in block.items()} if isinstance(block, dict) else block
                for op, block in condition.items()
            }
    return json.dumps(shape, sort_keys=True)


def _blank(value: Any) -> Any:
    if isinstance(value, str):
        return ""
    if isinstance(value, list):
        return [_blank(v) for v in value]
    return value


def _top_signature(top: dict[str, Any]) -> str:
    """The document without its statements, as the grammar sees it (its own cache key)."""
    try:
        return json.dumps(skeleton(top), sort_keys=True)
    except (TypeError, ValueError):
        return json.dumps(repr(top))


@functools.lru_cache(maxsize=1024)
def _top_errors(signature: str) -> tuple[_Error, ...]:
    return tuple(_errors(compiled(), json.loads(signature)))


@functools.lru_cache(maxsize=16384)
def _statement_errors(signature: str) -> tuple[_Error, ...]:
    return tuple(_errors(compiled_statement(), json.loads(signature)))


def _errors(validator: Draft202012Validator, instance: Any) -> list[_Error]:
    return [_convert(e) for e in validator.iter_errors(instance)]


def skeleton(value: Any) -> Any:
    """The document with each all-string list cut to its first item.

    The grammar treats every item of such a list alike, so this changes no
    error (nor its path) but spares jsonschema the thousands of action names
    of large policies, which dominate its run time.
    """
    if isinstance(value, dict):
        return {k: skeleton(v) for k, v in value.items()}
    if isinstance(value, list):
        if len(value) > 1 and all(type(v) is str for v in value):
            return value[:1]
        return [skeleton(v) for v in value]
    return value


def _convert(error: ValidationError) -> _Error:
    sub = error.schema if isinstance(error.schema, dict) else {}
    code = sub.get("x-code", "INVALID_POLICY_ELEMENT")
    message = sub.get("x-message", error.message)
    tokens: Tokens = tuple(error.absolute_path)
    if error.validator == "pattern" and "propertyNames" in error.absolute_schema_path:
        tokens = (*tokens, str(error.instance))  # a property name: always a string
    if error.validator in ("enum", "pattern", "type"):
        message = f"{message} Found {_show(error.instance)}."
    if _wrong_json_type(code, tokens, error.instance):
        code = "DATA_TYPE_MISMATCH"
        message = (
            f"{_element(tokens)} takes text in double quotes, not the JSON "
            f"{_json_type(error.instance)} {_show(error.instance)}."
        )
    return _Error(code, message, tokens, error.instance)


_STRING_ELEMENTS = frozenset(("Version", "Id", "Sid", "Effect", *_TYPE_ONLY))
_RETYPED = frozenset(
    ("INVALID_POLICY_ELEMENT", "INVALID_EFFECT", "INVALID_VERSION", "UNSUPPORTED_SID")
)


def _element(tokens: Tokens) -> str:
    names = [t for t in tokens if isinstance(t, str)]
    return names[-1] if names else "The value"


def _wrong_json_type(code: str, tokens: Tokens, instance: Any) -> bool:
    """A number, Boolean or null where an element takes a string: DATA_TYPE_MISMATCH."""
    if code not in _RETYPED or not (instance is None or isinstance(instance, (bool, int, float))):
        return False
    return _element(tokens) in _STRING_ELEMENTS


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    return "Boolean" if isinstance(value, bool) else "number"


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _fix(ctx: Context, error: _Error):
    """A mechanical fix for the grammar errors that have one."""
    code, tokens, instance = error.code, error.tokens, error.instance
    if code == "MISSING_VERSION":
        return ctx.fix(f'Add "Version": "{VERSION}".', lambda d: d.update({"Version": VERSION}))
    if code == "INVALID_VERSION" or (code == "DATA_TYPE_MISMATCH" and tokens == ("Version",)):
        return ctx.fix(f'Set Version to "{VERSION}".', lambda d: d.update({"Version": VERSION}))
    if code == "INVALID_EFFECT" and isinstance(instance, str):
        return _effect_fix(ctx, tokens, instance)
    if code == "UNSUPPORTED_SID" and isinstance(instance, str):
        clean = "".join(c for c in instance if c.isascii() and c.isalnum())
        return ctx.fix(f"Use the Sid {clean!r}.", lambda d: set_at(d, tokens, clean))
    if code == "INVALID_CONDITION_OPERATOR" and isinstance(instance, str):
        return _operator_fix(ctx, tokens, instance)
    element = code in ("INVALID_POLICY_ELEMENT", "UNSUPPORTED_PRINCIPAL")
    if element and tokens and isinstance(tokens[-1], str):
        return _element_fix(ctx, tokens)
    return None


def _effect_fix(ctx: Context, tokens: Tokens, value: str):
    for effect in ("Allow", "Deny"):
        if value.strip().lower() == effect.lower():
            return ctx.fix(f'Write "{effect}".', lambda d, e=effect: set_at(d, tokens, e))
    return None


def _operator_fix(ctx: Context, tokens: Tokens, operator: str):
    wanted = operator.replace(" ", "").lower()
    for qualifier in ("", "ForAllValues:", "ForAnyValue:"):
        for name in CONDITION_OPERATORS:
            for suffix in ("", "IfExists"):
                candidate = f"{qualifier}{name}{suffix}"
                if candidate.lower() == wanted:
                    return ctx.fix(
                        f"Did you mean {candidate}?",
                        lambda d, c=candidate: rename_key(d, tokens, c),
                    )
    return None


def _element_fix(ctx: Context, tokens: Tokens):
    name = tokens[-1]
    if name in ("Principal", "NotPrincipal"):
        return ctx.fix(f"Remove {name}.", lambda d: delete_at(d, tokens))
    for element in (*_STATEMENT_ELEMENTS, "Version", "Statement", "Id"):
        if isinstance(name, str) and name.lower() == element.lower() and name != element:
            return ctx.fix(
                f"Did you mean {element}?", lambda d, e=element: rename_key(d, tokens, e)
            )
    return None
