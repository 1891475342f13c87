"""Findings: what the validator reports, graded as IAM Access Analyzer grades it.

Codes are Access Analyzer's check names in upper snake case so that users can
map our findings to AWS's documentation; checks of our own carry a ``PB_``
prefix.  The severity of a code is fixed here, once, rather than chosen at
each call site, so that the same code is always graded the same way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """Access Analyzer's finding types, ordered by gravity (ERROR is the gravest)."""

    ERROR = "ERROR"
    SECURITY_WARNING = "SECURITY_WARNING"
    WARNING = "WARNING"
    SUGGESTION = "SUGGESTION"

    @property
    def gravity(self) -> int:
        """3 for ERROR down to 0 for SUGGESTION: comparisons use this, not the text."""
        return _GRAVITY[self.value]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.gravity < other.gravity

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.gravity <= other.gravity

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.gravity > other.gravity

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.gravity >= other.gravity

    def __str__(self) -> str:
        return self.value


_GRAVITY = {"ERROR": 3, "SECURITY_WARNING": 2, "WARNING": 1, "SUGGESTION": 0}


@dataclass(frozen=True, slots=True)
class Fix:
    """A suggested correction; ``document`` is the whole corrected policy when it is mechanical."""

    description: str
    document: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"description": self.description, "document": self.document}

    def to_json_dict(self) -> dict[str, Any]:
        """:meth:`to_dict` with the document already written as JSON (see :class:`RawJSON`)."""
        return {"description": self.description, "document": RawJSON(self.document_json())}

    def document_json(self) -> str:
        """``json.dumps(self.document, ensure_ascii=False)``."""
        return json.dumps(self.document, ensure_ascii=False)


class RawJSON(str):
    """Text that is already JSON: the JSON report writes it as it is (cli.py)."""


_UNSET: Any = object()


class LazyFix(Fix):
    """A Fix whose document is rendered on first access.

    Rendering a large policy canonically costs milliseconds; most findings'
    fixes are never looked at, so the work is done only when asked for.
    """

    __slots__ = ("_factory", "_cache")
    _factory: Callable[[], str | None]
    _cache: Any

    def __init__(self, description: str, factory: Any) -> None:
        object.__setattr__(self, "description", description)
        object.__setattr__(self, "_factory", factory)
        object.__setattr__(self, "_cache", _UNSET)

    @property
    def document(self) -> str | None:
        if self._cache is _UNSET:
            object.__setattr__(self, "_cache", self._factory())
        return self._cache

    def document_json(self) -> str:
        # A factory may write the document's JSON string itself, faster than encoding the
        # text (fixes.py's corrected documents: each statement's escaped text made once).
        written = getattr(self._factory, "json", None)
        return written() if written is not None else super().document_json()


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a policy, located by JSON path and by line/column (1-based)."""

    severity: Severity
    code: str
    message: str
    path: str
    line: int | None = None
    column: int | None = None
    fix: Fix | None = None

    def to_dict(self, *, raw_document: bool = False) -> dict[str, Any]:
        """The finding as the JSON report and the API give it; with ``raw_document``, its
        fix's document is :class:`RawJSON` (the JSON report's writer)."""
        fix = None
        if self.fix is not None:
            fix = self.fix.to_json_dict() if raw_document else self.fix.to_dict()
        return {
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "fix": fix,
        }


def errors_among(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that make a policy unusable: what the builder will not download, the
    teams will not save and the command line exits 1 for."""
    return [f for f in findings if f.severity is Severity.ERROR]


#: Access Analyzer's codes with the severity it gives them (../shared/reference).
AA_SEVERITIES: dict[str, Severity] = {
    "ARN_ACCOUNT_NOT_ALLOWED": Severity.ERROR,
    "ARN_REGION_NOT_ALLOWED": Severity.ERROR,
    "DATA_TYPE_MISMATCH": Severity.ERROR,
    "DUPLICATE_KEYS_WITH_DIFFERENT_CASE": Severity.ERROR,
    "EMPTY_VARIABLE": Severity.ERROR,
    "FEDERATED_PRINCIPAL_NOT_SUPPORTED": Severity.ERROR,
    "INVALID_ACTION": Severity.ERROR,
    "INVALID_ARN_ACCOUNT": Severity.ERROR,
    "INVALID_ARN_PREFIX": Severity.ERROR,
    "INVALID_ARN_REGION": Severity.ERROR,
    "INVALID_ARN_RESOURCE": Severity.ERROR,
    "INVALID_ARN_SERVICE_CASE": Severity.ERROR,
    "INVALID_CONDITION_DATA_TYPE": Severity.ERROR,
    "INVALID_CONDITION_KEY_FORMAT": Severity.ERROR,
    "INVALID_CONDITION_MULTIPLE_BOOLEAN": Severity.ERROR,
    "INVALID_CONDITION_OPERATOR": Severity.ERROR,
    "INVALID_EFFECT": Severity.ERROR,
    "INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY": Severity.ERROR,
    "INVALID_GLOBAL_CONDITION_KEY": Severity.ERROR,
    "INVALID_PARTITION": Severity.ERROR,
    "INVALID_POLICY_ELEMENT": Severity.ERROR,
    "INVALID_PRINCIPAL_FORMAT": Severity.ERROR,
    "INVALID_PRINCIPAL_KEY": Severity.ERROR,
    "INVALID_REGION": Severity.ERROR,
    "INVALID_SERVICE": Severity.ERROR,
    "INVALID_SERVICE_CONDITION_KEY": Severity.ERROR,
    "INVALID_SERVICE_IN_ACTION": Severity.ERROR,
    "INVALID_SERVICE_PRINCIPAL_FORMAT": Severity.ERROR,
    "INVALID_VARIABLE_FOR_OPERATOR": Severity.ERROR,
    "INVALID_VERSION": Severity.ERROR,
    "INVALID_VPCE_FORMAT": Severity.ERROR,
    "INVALID_VPC_FORMAT": Severity.ERROR,
    "JSON_SYNTAX_ERROR": Severity.ERROR,
    "MISMATCHED_ACTION_FOR_PRINCIPAL": Severity.ERROR,
    "MISSING_ACTION": Severity.ERROR,
    "MISSING_ACTION_FOR_CONDITION_KEY": Severity.ERROR,
    "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY": Severity.ERROR,
    "MISSING_ARN_FIELD": Severity.ERROR,
    "MISSING_ARN_REGION": Severity.ERROR,
    "MISSING_BRACE_IN_VARIABLE": Severity.ERROR,
    "MISSING_EFFECT": Severity.ERROR,
    "MISSING_PRINCIPAL": Severity.ERROR,
    "MISSING_QUALIFIER": Severity.ERROR,
    "MISSING_QUOTE_IN_VARIABLE": Severity.ERROR,
    "MISSING_RESOURCE": Severity.ERROR,
    "MISSING_STATEMENT": Severity.ERROR,
    "MISSING_TAG_KEY_IN_CONDITION": Severity.ERROR,
    "NULL_WITH_IF_EXISTS": Severity.ERROR,
    "POLICY_SIZE_EXCEEDS_SCP_QUOTA": Severity.ERROR,
    "PRIVATE_IP_ADDRESS": Severity.ERROR,
    "PRIVATE_NOTIPADDRESS": Severity.ERROR,
    "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL": Severity.ERROR,
    "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE": Severity.ERROR,
    "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL": Severity.ERROR,
    "SCP_SYNTAX_ERROR_ACTION_WILDCARD": Severity.ERROR,
    "SCP_SYNTAX_ERROR_ALLOW_CONDITION": Severity.ERROR,
    "SCP_SYNTAX_ERROR_ALLOW_NOTACTION": Severity.ERROR,
    "SCP_SYNTAX_ERROR_ALLOW_RESOURCE": Severity.ERROR,
    "SCP_SYNTAX_ERROR_NOTRESOURCE": Severity.ERROR,
    "SCP_SYNTAX_ERROR_PRINCIPAL": Severity.ERROR,
    "UNIQUE_SIDS_REQUIRED": Severity.ERROR,
    "UNSUPPORTED_ACTION_FOR_CONDITION_KEY": Severity.ERROR,
    "UNSUPPORTED_ACTION_IN_POLICY": Severity.ERROR,
    "UNSUPPORTED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL": Severity.ERROR,
    "UNSUPPORTED_ELEMENT_COMBINATION": Severity.ERROR,
    "UNSUPPORTED_GLOBAL_CONDITION_KEY": Severity.ERROR,
    "UNSUPPORTED_PRINCIPAL": Severity.ERROR,
    "UNSUPPORTED_RESOURCE_ARN_IN_POLICY": Severity.ERROR,
    "UNSUPPORTED_SID": Severity.ERROR,
    "UNSUPPORTED_SPACE_IN_VARIABLE": Severity.ERROR,
    "UNSUPPORTED_WILDCARD_IN_PRINCIPAL": Severity.ERROR,
    "VARIABLE_UNSUPPORTED_IN_ELEMENT": Severity.ERROR,
    "VARIABLE_UNSUPPORTED_IN_VERSION": Severity.ERROR,
    "ALLOW_WITH_NOTPRINCIPAL": Severity.SECURITY_WARNING,
    "DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE": Severity.SECURITY_WARNING,
    "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE": Severity.SECURITY_WARNING,
    "FORALLVALUES_WITH_SINGLE_VALUED_KEY": Severity.SECURITY_WARNING,
    "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL": Severity.SECURITY_WARNING,
    "MISSING_GITHUB_REPO_CONDITION_KEY": Severity.SECURITY_WARNING,
    "MISSING_PAIRED_CONDITION_KEYS": Severity.SECURITY_WARNING,
    "PASS_ROLE_WITH_NOTACTION_AND_NOTRESOURCE": Severity.SECURITY_WARNING,
    "PASS_ROLE_WITH_NOTRESOURCE": Severity.SECURITY_WARNING,
    "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOTRESOURCE": Severity.SECURITY_WARNING,
    "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE": Severity.SECURITY_WARNING,
    "PASS_ROLE_WITH_STAR_IN_RESOURCE": Severity.SECURITY_WARNING,
    "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOTACTION": Severity.SECURITY_WARNING,
    "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL": Severity.SECURITY_WARNING,
    "CREATE_SLR_WITH_NOTACTION_AND_NOTRESOURCE": Severity.WARNING,
    "CREATE_SLR_WITH_NOTRESOURCE": Severity.WARNING,
    "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOTRESOURCE": Severity.WARNING,
    "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE": Severity.WARNING,
    "CREATE_SLR_WITH_STAR_IN_RESOURCE": Severity.WARNING,
    "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOTACTION": Severity.WARNING,
    "DEPRECATED_GLOBAL_CONDITION_KEY": Severity.WARNING,
    "INVALID_DATE_VALUE": Severity.WARNING,
    "INVALID_ROLE_REFERENCE": Severity.WARNING,
    "INVALID_USER_REFERENCE": Severity.WARNING,
    "MISSING_VERSION": Severity.WARNING,
    "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA": Severity.WARNING,
    "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA": Severity.WARNING,
    "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA": Severity.WARNING,
    "SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED": Severity.WARNING,
    "TYPE_MISMATCH": Severity.WARNING,
    "TYPE_MISMATCH_BOOLEAN": Severity.WARNING,
    "TYPE_MISMATCH_DATE": Severity.WARNING,
    "TYPE_MISMATCH_IP_RANGE": Severity.WARNING,
    "TYPE_MISMATCH_NUMBER": Severity.WARNING,
    "TYPE_MISMATCH_STRING": Severity.WARNING,
    "UNIQUE_SIDS_RECOMMENDED": Severity.WARNING,
    "WILDCARD_WITHOUT_LIKE_OPERATOR": Severity.WARNING,
    "ALLOW_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE": Severity.SUGGESTION,
    "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE": Severity.SUGGESTION,
    "CONFIRM_AUDIENCE_CLAIM_TYPE": Severity.SUGGESTION,
    "EMPTY_ARRAY_ACTION": Severity.SUGGESTION,
    "EMPTY_ARRAY_CONDITION": Severity.SUGGESTION,
    "EMPTY_ARRAY_CONDITION_FORALLVALUES": Severity.SUGGESTION,
    "EMPTY_ARRAY_CONDITION_FORANYVALUE": Severity.SUGGESTION,
    "EMPTY_ARRAY_CONDITION_IFEXISTS": Severity.SUGGESTION,
    "EMPTY_ARRAY_PRINCIPAL": Severity.SUGGESTION,
    "EMPTY_ARRAY_RESOURCE": Severity.SUGGESTION,
    "EMPTY_OBJECT_CONDITION": Severity.SUGGESTION,
    "EMPTY_OBJECT_PRINCIPAL": Severity.SUGGESTION,
    "EMPTY_SID_VALUE": Severity.SUGGESTION,
    "IMPROVE_IP_RANGE": Severity.SUGGESTION,
    "IRRELEVANT_CONDITION_KEY_IN_POLICY": Severity.SUGGESTION,
    "NULL_WITH_QUALIFIER": Severity.SUGGESTION,
    "PRIVATE_IP_ADDRESS_SUBSET": Severity.SUGGESTION,
    "PRIVATE_NOTIPADDRESS_SUBSET": Severity.SUGGESTION,
    "RECOMMENDED_CONDITION_KEY_FOR_SERVICE_PRINCIPAL": Severity.SUGGESTION,
    "REDUNDANT_ACTION": Severity.SUGGESTION,
    "REDUNDANT_CONDITION_VALUE_NUM": Severity.SUGGESTION,
    "REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY": Severity.SUGGESTION,
    "REDUNDANT_RESOURCE": Severity.SUGGESTION,
    "REDUNDANT_STATEMENT": Severity.SUGGESTION,
    "WILDCARD_IN_SERVICE_NAME": Severity.SUGGESTION,
    "EQUIVALENT_TO_NULL_FALSE": Severity.SUGGESTION,
    "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS": Severity.SECURITY_WARNING,
}

#: Our own checks, which Access Analyzer does not make (or not in this form).
PB_SEVERITIES: dict[str, Severity] = {
    "PB_MISSING_POLICY_WRAPPER": Severity.ERROR,
    "PB_DUPLICATE_KEY": Severity.ERROR,
    "PB_UNSUPPORTED_CHARACTER": Severity.ERROR,
    "PB_TOO_DEEPLY_NESTED": Severity.ERROR,
    "PB_PLACEHOLDER_IN_ARN": Severity.WARNING,
    "PB_RESOURCE_TYPE_MISMATCH": Severity.WARNING,
    "PB_RETIRED_SERVICE": Severity.WARNING,
    "PB_POLICY_SIZE_EXCEEDS_QUOTA": Severity.ERROR,
    "PB_INTERNAL_ERROR": Severity.ERROR,
    # Least-privilege advice (validator/advice.py), run when validate(..., advice=True).
    "PB_STAR_RESOURCE_NARROWABLE": Severity.SUGGESTION,
    "PB_WILDCARD_ACTION_EXPANSION": Severity.SUGGESTION,
    "PB_UNCONDITIONED_WRITE": Severity.SUGGESTION,
}

SEVERITIES: dict[str, Severity] = {**AA_SEVERITIES, **PB_SEVERITIES}


def severity_of(code: str) -> Severity:
    """The fixed severity of a code; unknown codes are errors so that they are never missed."""
    return SEVERITIES.get(code, Severity.ERROR)
