"""The parameters scenarios share, defined once with their examples."""

from __future__ import annotations

from typing import Any

from policybuilder.core.params import (
    EXAMPLE_ACCOUNT,
    AccountParam,
    ChoiceParam,
    ConnectInstanceParam,
    FixedIdParam,
    KmsKeyParam,
    NameParam,
    PartitionParam,
    RegionParam,
    ResourceIdParam,
    Tag,
    TagKeyParam,
    TagsParam,
)

EXAMPLE_REGION = "us-east-1"
EXAMPLE_INSTANCE = "a1b2c3d4-5678-90ab-cdef-0123456789ab"
EXAMPLE_KEY = "1234abcd-12ab-34cd-56ef-1234567890ab"

When = tuple[tuple[str, Any], ...]


def partition(only_when: When = ()) -> PartitionParam:
    return PartitionParam(
        name="partition",
        label="Partition",
        help="aws for the commercial regions, aws-cn for China, aws-us-gov for GovCloud (US).",
        example="aws",
        only_when=only_when,
    )


def region(only_when: When = ()) -> RegionParam:
    return RegionParam(
        name="region",
        label="Region",
        help="Where the Amazon Connect instance runs. Not needed when you give an ARN.",
        example=EXAMPLE_REGION,
        required=False,
        only_when=only_when,
    )


def account(only_when: When = (), *, help: str | None = None) -> AccountParam:
    return AccountParam(
        name="account",
        label="AWS account ID",
        help=help or "The 12-digit account that owns the resources. Not needed with an ARN.",
        example=EXAMPLE_ACCOUNT,
        required=False,
        only_when=only_when,
    )


def instance(only_when: When = ()) -> ConnectInstanceParam:
    return ConnectInstanceParam(
        name="instance",
        label="Amazon Connect instance",
        help="The instance ID (a UUID) or the whole instance ARN, from the Amazon Connect console.",
        example=EXAMPLE_INSTANCE,
        only_when=only_when,
    )


def kms_key() -> KmsKeyParam:
    return KmsKeyParam(
        name="kms_key",
        label="KMS key",
        help="The key ID or key ARN of the customer managed key that outbound campaigns use. "
        "Aliases cannot be used in IAM policies.",
        example=EXAMPLE_KEY,
    )


def tags(*, label: str, help: str, example: Tag) -> TagsParam:
    return TagsParam(name="tags", label=label, help=help, example=(example,))


def tag_key(*, default: str) -> TagKeyParam:
    return TagKeyParam(
        name="tag_key",
        label="Tag key",
        help="The tag key on the campaigns whose value is the Amazon Connect instance ARN.",
        example=default,
        default=default,
    )


IAM_SCOPE_CHOICES = (
    ("any", "Any role (as in AWS's example)"),
    ("service-linked", "Only the service-linked roles of Amazon Connect and outbound campaigns"),
)


def iam_scope() -> ChoiceParam:
    return ChoiceParam(
        name="iam_scope",
        label="IAM role actions apply to",
        help="AWS's example grants the IAM role actions on every role. Narrowing them to the "
        "service-linked roles under aws-service-role/connect.amazonaws.com/ and "
        "aws-service-role/connect-campaigns.amazonaws.com/ removes the power to change other "
        "roles.",
        example="any",
        default="any",
        choices=IAM_SCOPE_CHOICES,
    )


# --- Fields of the resource-level scenarios ---------------------------------------------------

EXAMPLE_SECURITY_PROFILE = "b2c3d4e5-6789-01ab-cdef-0123456789ab"
EXAMPLE_PHONE_NUMBER = "c3d4e5f6-7890-12ab-cdef-0123456789ab"
EXAMPLE_ASSISTANT = "d4e5f6a7-8901-23ab-cdef-0123456789ab"
EXAMPLE_CAMPAIGN = "e5f6a7b8-9012-34ab-cdef-0123456789ab"
EXAMPLE_VOICE_ID_DOMAIN = "AbCdEfGhIjKlMnOpQrStUv"


def resource_id(name: str, *, what: str, example: str, help: str) -> ResourceIdParam:
    return ResourceIdParam(
        name=name, label=f"{what[0].upper()}{what[1:]} ID", help=help, example=example, what=what
    )


def event_integration_name(*, prefix: bool) -> NameParam:
    if prefix:
        return NameParam(
            name="name_prefix",
            label="Integration name prefix",
            help="The beginning shared by the names of the event integrations allowed; the "
            "policy adds * after it.",
            example="MyNamePrefix-",
            what="event integration",
        )
    return NameParam(
        name="integration_name",
        label="Event integration name",
        help="The name of the one event integration that may be read.",
        example="CustomerEvents",
        what="event integration",
    )


def profiles_domain() -> NameParam:
    return NameParam(
        name="domain",
        label="Customer Profiles domain",
        help="The domain's name as the Customer Profiles console shows it.",
        example="amazon-connect-example",
        characters="A-Za-z0-9_-",
        rule="letters, digits, _ and -",
        max_length=64,
        what="Customer Profiles domain",
    )


def voice_id_domain() -> FixedIdParam:
    return FixedIdParam(
        name="domain_id",
        label="Voice ID domain ID",
        help="The domain's ID (22 letters and digits), not its name: Voice ID domain ARNs end "
        "in the ID.",
        example=EXAMPLE_VOICE_ID_DOMAIN,
        what="Voice ID domain",
    )


def phone_region() -> RegionParam:
    return RegionParam(
        name="phone_region",
        label="Phone number's own Region",
        help="The Region in the phone number's ARN as ListPhoneNumbersV2 returns it: the "
        "primary Region of the traffic distribution group it is claimed to.",
        example="us-east-1",
    )


def replica_region() -> RegionParam:
    return RegionParam(
        name="region",
        label="Replica Region",
        help="The Region where the requests are made: the replica of the instance.",
        example="us-west-2",
    )


def region_required() -> RegionParam:
    return RegionParam(
        name="region",
        label="Region",
        help="The Region of the resources this policy names.",
        example=EXAMPLE_REGION,
    )


def account_required() -> AccountParam:
    return AccountParam(
        name="account",
        label="AWS account ID",
        help="The 12-digit account that owns the resources.",
        example=EXAMPLE_ACCOUNT,
    )
