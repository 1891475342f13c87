"""Every scenario of AWS's "Amazon Connect identity-based policy examples" page.

Each is defined once, here, as data; the engine renders it, the web form,
the command line and the API read it.  Explanations are our own words; the
``corrections`` say what was wrong in AWS's published example and how the
output differs.
"""

from __future__ import annotations

from policybuilder.core.params import ChoiceParam, Tag
from policybuilder.core.scenarios import fields
from policybuilder.core.scenarios.engine import Cond, Scenario, StatementSpec, TagConds

AREA_IAM = "IAM self-service"
AREA_USERS = "Amazon Connect users"
AREA_APPINTEGRATIONS = "Amazon AppIntegrations"
AREA_WISDOM = "Amazon Connect Wisdom"
AREA_CAMPAIGNS = "Outbound campaigns"

AREAS = (AREA_USERS, AREA_APPINTEGRATIONS, AREA_WISDOM, AREA_CAMPAIGNS, AREA_IAM)

CONNECT_SLR = "arn:{partition}:iam::{account}:role/aws-service-role/connect.amazonaws.com/*"
CAMPAIGNS_SLR = (
    "arn:{partition}:iam::{account}:role/aws-service-role/connect-campaigns.amazonaws.com/*"
)
KMS_KEY = "{key_arn}"
ANY_ROLE = (("iam_scope", "any"),)
SLR_ONLY = (("iam_scope", "service-linked"),)

WRAPPER_FIX = (
    "AWS's example is a fragment without the Version and Statement wrapper, so it is not a "
    "policy IAM accepts; ours is a complete document."
)
SID_FIX = (
    "The console-generated Sids VisualEditor0, VisualEditor1... are replaced by names that say "
    "what each statement is for."
)

#: Amazon Connect actions that act on users and match connect:UpdateUser* today.
USER_UPDATE_ACTIONS = (
    "connect:UpdateUserHierarchy",
    "connect:UpdateUserIdentityInfo",
    "connect:UpdateUserNotificationStatus",
    "connect:UpdateUserPhoneConfig",
    "connect:UpdateUserProficiencies",
    "connect:UpdateUserRoutingProfile",
    "connect:UpdateUserSecurityProfiles",
)

#: The outbound campaigns actions on one campaign (its ARN names it).
ONE_CAMPAIGN_ACTIONS = (
    "connect-campaigns:DeleteCampaign",
    "connect-campaigns:DescribeCampaign",
    "connect-campaigns:UpdateCampaignName",
    "connect-campaigns:GetCampaignState",
    "connect-campaigns:UpdateCampaignOutboundCallConfig",
    "connect-campaigns:UpdateCampaignDialerConfig",
    "connect-campaigns:PauseCampaign",
    "connect-campaigns:ResumeCampaign",
    "connect-campaigns:StopCampaign",
)

#: Matched by connect:UpdateUser* but not about users; deliberately left out.
USER_WILDCARD_EXCLUSIONS = {
    "connect:UpdateUserHierarchyGroupName": "renames a hierarchy group, whose own tags are checked",
    "connect:UpdateUserHierarchyStructure": "changes the instance's hierarchy levels, checked "
    "against the instance's tags",
}

VIEW_OWN_PERMISSIONS = Scenario(
    slug="view-own-permissions",
    title="Allow IAM users to view their own permissions",
    area=AREA_IAM,
    summary="Lets each IAM user see the policies attached to themselves, in the console or CLI.",
    source_section="Allow IAM users to view their own permissions",
    explanation=(
        "The first statement reaches only the signed-in user: the ${aws:username} policy "
        "variable in the ARN is replaced by the caller's user name at request time, so nobody "
        "can read another user's inline policies or groups.",
        "The second statement gives the read-only policy and user listing calls that the IAM "
        "console needs to display those policies. These calls do not support a narrower "
        "resource, so they are granted on every resource.",
    ),
    corrections=(
        "AWS's example is valid. You may fill in your account ID to replace the * account "
        "wildcard in the user ARN.",
    ),
    params=(
        fields.partition(),
        fields.account(
            help="Optional. Leave empty to match the user in any account (*), as AWS's example "
            "does."
        ),
    ),
    statements=(
        StatementSpec(
            sid="ViewOwnUserInfo",
            actions=(
                "iam:GetUserPolicy",
                "iam:ListGroupsForUser",
                "iam:ListAttachedUserPolicies",
                "iam:ListUserPolicies",
                "iam:GetUser",
            ),
            resources=("arn:{partition}:iam::{account_or_star}:user/${aws:username}",),
        ),
        StatementSpec(
            sid="NavigateInConsole",
            actions=(
                "iam:GetGroupPolicy",
                "iam:GetPolicyVersion",
                "iam:GetPolicy",
                "iam:ListAttachedGroupPolicies",
                "iam:ListGroupPolicies",
                "iam:ListPolicyVersions",
                "iam:ListPolicies",
                "iam:ListUsers",
            ),
        ),
    ),
)

VIEW_USERS = Scenario(
    slug="view-users",
    title='Grant "View User" permissions',
    area=AREA_USERS,
    summary="Read-only access to the list of Amazon Connect users and their details.",
    source_section='Grant "View User" permissions',
    explanation=(
        "Suits a group such as junior developers who need to look up Amazon Connect users "
        "without changing them.",
        "AWS's example grants the two calls on every resource, which covers every instance in "
        "the account. Choose one instance to narrow it: ListUsers is then allowed on that "
        "instance and DescribeUser on the users (agents) inside it.",
    ),
    corrections=(
        "AWS's example is valid; the one-instance scope is our addition.",
        "No Sid in AWS's example; ours names the statements.",
    ),
    params=(
        ChoiceParam(
            name="scope",
            label="Scope",
            help="Every instance in the account, or one instance only.",
            example="account",
            default="account",
            choices=(("account", "Every instance (Resource *)"), ("instance", "One instance")),
        ),
        fields.instance(only_when=(("scope", "instance"),)),
        fields.partition(only_when=(("scope", "instance"),)),
        fields.region(only_when=(("scope", "instance"),)),
        fields.account(only_when=(("scope", "instance"),)),
    ),
    statements=(
        StatementSpec(
            sid="ViewConnectUsers",
            actions=("connect:DescribeUser", "connect:ListUsers"),
            when=(("scope", "account"),),
        ),
        StatementSpec(
            sid="DescribeConnectUsersInInstance",
            actions=("connect:DescribeUser",),
            resources=("{instance_arn}/agent/*",),
            when=(("scope", "instance"),),
        ),
        StatementSpec(
            sid="ListConnectUsersInInstance",
            actions=("connect:ListUsers",),
            resources=("{instance_arn}",),
            when=(("scope", "instance"),),
        ),
    ),
)

APP_INTEGRATIONS_FULL = Scenario(
    slug="app-integrations-full",
    title="Allow IAM users to integrate with external applications",
    area=AREA_APPINTEGRATIONS,
    summary="Full management of Amazon AppIntegrations event and data integrations.",
    source_section="Allow IAM users to integrate with external applications",
    explanation=(
        "For administrators who connect Amazon Connect to external applications: create, "
        "read, update, delete and list both event integrations (EventBridge sources) and data "
        "integrations.",
        "Uncheck the Delete actions for people who only configure integrations.",
    ),
    corrections=(
        "AWS's example misspells the service as app-integartions in DeleteEventIntegration and "
        "DeleteDataIntegration; IAM rejects those actions. Ours uses app-integrations.",
    ),
    params=(),
    statements=(
        StatementSpec(
            sid="AllowAllAppIntegrationsActions",
            actions=(
                "app-integrations:ListEventIntegrations",
                "app-integrations:CreateEventIntegration",
                "app-integrations:GetEventIntegration",
                "app-integrations:UpdateEventIntegration",
                "app-integrations:DeleteEventIntegration",
                "app-integrations:ListDataIntegrations",
                "app-integrations:CreateDataIntegration",
                "app-integrations:GetDataIntegration",
                "app-integrations:UpdateDataIntegration",
                "app-integrations:DeleteDataIntegration",
            ),
        ),
    ),
)

USERS_BY_RESOURCE_TAG = Scenario(
    slug="users-by-resource-tag",
    title="Describe and update Amazon Connect users based on tags",
    area=AREA_USERS,
    summary="Describe and update only the Amazon Connect users that carry given tags.",
    source_section="Describe and update Amazon Connect users based on tags",
    explanation=(
        "Each tag you add becomes an aws:ResourceTag condition; all of them must match "
        "(they are combined with AND). With Department = Test, only users tagged "
        "Department: Test can be described or updated.",
        "Some updates name a second resource (a routing profile, security profiles, a "
        "hierarchy group, or for proficiencies the instance itself); IAM checks the tag "
        "condition against those resources' tags too, so they must carry the same tags.",
    ),
    corrections=(
        "AWS's example grants connect:UpdateUser*. That wildcard matches nine actions today and "
        "grows whenever AWS adds one. Two of them do not act on users: "
        "UpdateUserHierarchyGroupName (on hierarchy groups) and UpdateUserHierarchyStructure "
        "(on the instance), so their tag check runs against other resources' tags. Ours lists "
        "the user actions explicitly.",
        "No Sid in AWS's example; ours names the statement.",
    ),
    params=(
        fields.tags(
            label="Tags on the users",
            help="Only users with all of these tags can be described or updated.",
            example=Tag("Department", "Test"),
        ),
    ),
    statements=(
        StatementSpec(
            sid="DescribeAndUpdateTaggedUsers",
            actions=("connect:DescribeUser", *USER_UPDATE_ACTIONS),
            conditions=(TagConds("StringEquals", "aws:ResourceTag/", "tags"),),
        ),
    ),
)

CREATE_USERS_WITH_REQUEST_TAG = Scenario(
    slug="create-users-with-request-tag",
    title="Create Amazon Connect users based on tags",
    area=AREA_USERS,
    summary="Create Amazon Connect users only when the request tags them as required.",
    source_section="Create Amazon Connect users based on tags",
    explanation=(
        "The aws:RequestTag condition makes each create or tag request include the given tags "
        "with exactly these values: with Owner = TeamA a user can be created only if the "
        "request tags it Owner: TeamA.",
        "TagResource is needed to apply the tags at creation; the same condition stops it from "
        "setting other values for these keys.",
    ),
    corrections=(
        "AWS's example is valid.",
        "No Sid in AWS's example; ours names the statement.",
    ),
    params=(
        fields.tags(
            label="Required request tags",
            help="Every request must carry these tags with these values.",
            example=Tag("Owner", "TeamA"),
        ),
    ),
    statements=(
        StatementSpec(
            sid="CreateTaggedUsers",
            actions=("connect:CreateUser", "connect:TagResource"),
            conditions=(TagConds("StringEquals", "aws:RequestTag/", "tags"),),
        ),
    ),
)

EVENT_INTEGRATIONS = Scenario(
    slug="event-integrations",
    title="Create and view Amazon AppIntegrations resources",
    area=AREA_APPINTEGRATIONS,
    summary="Create, list and read AppIntegrations event integrations, without changing them.",
    source_section="Create and view Amazon AppIntegrations resources",
    explanation=(
        "For people who set up new event integrations and inspect existing ones; they cannot "
        "update or delete them.",
    ),
    corrections=(
        "AWS's example writes app-integrations::ListEventIntegrations with a double colon, an "
        "invalid action; ours has one colon.",
        "AWS's example has a trailing comma after the last action, which is not valid JSON.",
        "No Sid in AWS's example; ours names the statement.",
    ),
    params=(),
    statements=(
        StatementSpec(
            sid="CreateAndViewEventIntegrations",
            actions=(
                "app-integrations:CreateEventIntegration",
                "app-integrations:GetEventIntegration",
                "app-integrations:ListEventIntegrations",
            ),
        ),
    ),
)

WISDOM_ASSISTANTS = Scenario(
    slug="wisdom-assistants",
    title="Create and view Amazon Connect Wisdom Assistants",
    area=AREA_WISDOM,
    summary="Create, list, read and delete Wisdom assistants (now Amazon Q in Connect).",
    source_section="Create and view Amazon Connect Wisdom Assistants",
    explanation=(
        "Wisdom assistants give agents knowledge-base answers during contacts; the service is "
        "now called Amazon Q in Connect but its IAM prefix is still wisdom.",
        "Uncheck DeleteAssistant for people who should only create and look.",
    ),
    corrections=(
        "AWS's example has a trailing comma after the last action, which is not valid JSON.",
        "No Sid in AWS's example; ours names the statement.",
    ),
    params=(),
    statements=(
        StatementSpec(
            sid="ManageWisdomAssistants",
            actions=(
                "wisdom:CreateAssistant",
                "wisdom:GetAssistant",
                "wisdom:ListAssistants",
                "wisdom:DeleteAssistant",
            ),
        ),
    ),
)

CAMPAIGNS_ONBOARDING = Scenario(
    slug="campaigns-onboarding",
    title="Manage outbound campaigns: onboarding",
    area=AREA_CAMPAIGNS,
    summary="Turn on outbound campaigns for an Amazon Connect instance, with its KMS key.",
    source_section="Manage outbound campaigns resources (onboarding permissions)",
    explanation=(
        "Onboarding links an Amazon Connect instance to outbound campaigns: it reads the "
        "instance, grants the campaigns service use of your KMS key, creates EventBridge "
        "rules and the service-linked role, and updates the instance's attributes.",
        "The KMS statement is limited to your key and the DescribeInstance statement to your "
        "instance; the remaining calls need every resource.",
    ),
    corrections=(
        WRAPPER_FIX,
        "The key and instance ARNs contain the placeholders region, account-id, key-id and "
        "instance-id; ours fills them from the form.",
        SID_FIX,
        "The IAM role actions are in a statement of their own, so they can be narrowed to the "
        "service-linked roles.",
    ),
    params=(
        fields.instance(),
        fields.kms_key(),
        fields.partition(),
        fields.region(),
        fields.account(),
        fields.iam_scope(),
    ),
    statements=(
        StatementSpec(
            sid="UseCampaignsKmsKey",
            actions=("kms:DescribeKey", "kms:CreateGrant"),
            resources=(KMS_KEY,),
        ),
        StatementSpec(
            sid="DescribeConnectInstance",
            actions=("connect:DescribeInstance",),
            resources=("{instance_arn}",),
        ),
        StatementSpec(
            sid="OnboardOutboundCampaigns",
            actions=(
                "events:PutTargets",
                "events:PutRule",
                "ds:DescribeDirectories",
                "connect-campaigns:StartInstanceOnboardingJob",
                "connect-campaigns:GetConnectInstanceConfig",
                "connect-campaigns:GetInstanceOnboardingJobStatus",
                "connect-campaigns:DeleteInstanceOnboardingJob",
                "connect:DescribeInstanceAttribute",
                "connect:UpdateInstanceAttribute",
                "connect:ListInstances",
                "kms:ListAliases",
            ),
        ),
        StatementSpec(
            sid="ManageServiceLinkedRoles",
            actions=(
                "iam:CreateServiceLinkedRole",
                "iam:AttachRolePolicy",
                "iam:PutRolePolicy",
            ),
            when=ANY_ROLE,
        ),
        StatementSpec(
            sid="CreateCampaignsServiceLinkedRole",
            actions=("iam:CreateServiceLinkedRole",),
            resources=(CAMPAIGNS_SLR,),
            conditions=(
                Cond("StringEquals", "iam:AWSServiceName", "connect-campaigns.amazonaws.com"),
            ),
            when=SLR_ONLY,
        ),
        StatementSpec(
            sid="UpdateConnectServiceLinkedRole",
            actions=("iam:AttachRolePolicy", "iam:PutRolePolicy"),
            resources=(CONNECT_SLR,),
            when=SLR_ONLY,
        ),
    ),
)

CAMPAIGNS_OFFBOARDING = Scenario(
    slug="campaigns-offboarding",
    title="Manage outbound campaigns: disabling for an instance",
    area=AREA_CAMPAIGNS,
    summary="Turn outbound campaigns off for an instance and clean up what onboarding made.",
    source_section="Manage outbound campaigns resources (disabling for an instance)",
    explanation=(
        "Disabling retires the KMS grant that onboarding created, removes the EventBridge "
        "rules and their targets, deletes the role policy and the service-linked role, and "
        "deletes the instance's campaigns configuration.",
    ),
    corrections=(
        "AWS's example is missing the closing brace of the document, which is not valid JSON.",
        "The key ARN contains the placeholders region, account-id and key-id; ours fills them "
        "from the form.",
        SID_FIX,
        "The IAM role actions are in a statement of their own, so they can be narrowed to the "
        "service-linked roles.",
    ),
    params=(
        fields.kms_key(),
        fields.partition(),
        fields.region(),
        fields.account(),
        fields.iam_scope(),
    ),
    statements=(
        StatementSpec(
            sid="RetireCampaignsKmsGrant",
            actions=("kms:DescribeKey", "kms:RetireGrant"),
            resources=(KMS_KEY,),
        ),
        StatementSpec(
            sid="DisableOutboundCampaigns",
            actions=(
                "events:DeleteRule",
                "events:RemoveTargets",
                "events:DescribeRule",
                "events:ListTargetsByRule",
                "connect-campaigns:DeleteConnectInstanceConfig",
            ),
        ),
        StatementSpec(
            sid="RemoveServiceLinkedRoles",
            actions=("iam:DeleteRolePolicy", "iam:DeleteServiceLinkedRole"),
            when=ANY_ROLE,
        ),
        StatementSpec(
            sid="DeleteConnectRolePolicy",
            actions=("iam:DeleteRolePolicy",),
            resources=(CONNECT_SLR,),
            when=SLR_ONLY,
        ),
        StatementSpec(
            sid="DeleteCampaignsServiceLinkedRole",
            actions=("iam:DeleteServiceLinkedRole",),
            resources=(CAMPAIGNS_SLR,),
            when=SLR_ONLY,
        ),
    ),
)

CAMPAIGNS_MANAGEMENT = Scenario(
    slug="campaigns-management",
    title="Manage outbound campaigns: management permissions",
    area=AREA_CAMPAIGNS,
    summary="Create, change, pause, resume, stop and delete outbound campaigns.",
    source_section="Manage outbound campaigns resources (management permissions)",
    explanation=(
        "For campaign managers. Every read and write operation on campaigns, on every campaign "
        "in the account.",
        "StartCampaign is offered but unchecked: AWS's example does not include it.",
    ),
    corrections=(
        WRAPPER_FIX,
        "AWS's example is missing a comma after connect-campaigns:GetCampaignState, which is "
        "not valid JSON.",
        "connect-campaigns:UpdateOutboundCallConfig and connect-campaigns:UpdateDialerConfig do "
        "not exist; the real actions are UpdateCampaignOutboundCallConfig and "
        "UpdateCampaignDialerConfig.",
    ),
    params=(),
    statements=(
        StatementSpec(
            sid="AllowConnectCampaignsOperations",
            actions=(
                "connect-campaigns:CreateCampaign",
                *ONE_CAMPAIGN_ACTIONS,
                "connect-campaigns:GetCampaignStateBatch",
                "connect-campaigns:ListCampaigns",
                "connect-campaigns:StartCampaign",
            ),
            optional_actions=("connect-campaigns:StartCampaign",),
        ),
    ),
)

CAMPAIGNS_READ_ONLY = Scenario(
    slug="campaigns-read-only",
    title="Manage outbound campaigns: read-only permissions",
    area=AREA_CAMPAIGNS,
    summary="Look at outbound campaigns and their state without changing anything.",
    source_section="Manage outbound campaigns resources (read-only permissions)",
    explanation=("For supervisors and auditors who follow campaigns but do not run them.",),
    corrections=(
        WRAPPER_FIX,
        'AWS\'s example has a trailing comma after "Resource": "*", which is not valid JSON.',
    ),
    params=(),
    statements=(
        StatementSpec(
            sid="AllowConnectCampaignsReadOnlyOperations",
            actions=(
                "connect-campaigns:DescribeCampaign",
                "connect-campaigns:GetCampaignState",
                "connect-campaigns:GetCampaignStateBatch",
                "connect-campaigns:ListCampaigns",
            ),
        ),
    ),
)

TAGGED_CAMPAIGN_ACTIONS = (
    "connect-campaigns:DescribeCampaign",
    "connect-campaigns:GetCampaignState",
    "connect-campaigns:PauseCampaign",
    "connect-campaigns:ResumeCampaign",
    "connect-campaigns:StartCampaign",
    "connect-campaigns:StopCampaign",
    "connect-campaigns:UpdateCampaignName",
)

CAMPAIGNS_TAG_BASED = Scenario(
    slug="campaigns-tag-based",
    title="Manage outbound campaigns: tag-based permissions",
    area=AREA_CAMPAIGNS,
    summary="Act only on the campaigns tagged with one Amazon Connect instance's ARN.",
    source_section="Manage outbound campaigns resources (tag-based permissions)",
    explanation=(
        "Campaigns carry a tag (owner by default) whose value is the ARN of the Amazon "
        "Connect instance they belong to. The condition lets these actions reach only the "
        "campaigns of your instance.",
        "ListCampaigns and GetCampaignStateBatch cannot be restricted by tag: AWS evaluates "
        "them without a campaign resource. Check them to add a separate statement that grants "
        "them on every campaign; they reveal campaign names and states, not contents.",
        "More actions that act on one campaign are offered, unchecked, for managers.",
    ),
    corrections=(
        WRAPPER_FIX,
        "The tag value contains the placeholders region, customer_account_id and "
        "connect_instance_id; ours builds the instance ARN from the form.",
    ),
    params=(
        fields.tag_key(default="owner"),
        fields.instance(),
        fields.partition(),
        fields.region(),
        fields.account(),
    ),
    statements=(
        StatementSpec(
            sid="AllowConnectCampaignsOperations",
            actions=TAGGED_CAMPAIGN_ACTIONS,
            optional_actions=TAGGED_CAMPAIGN_ACTIONS[2:],
            conditions=(Cond("StringEquals", "aws:ResourceTag/{tag_key}", "{instance_arn}"),),
        ),
        StatementSpec(
            sid="AllowUntaggableCampaignReads",
            actions=("connect-campaigns:ListCampaigns", "connect-campaigns:GetCampaignStateBatch"),
            optional_actions=(
                "connect-campaigns:ListCampaigns",
                "connect-campaigns:GetCampaignStateBatch",
            ),
        ),
    ),
    notes=(
        "connect-campaigns:ListCampaigns and connect-campaigns:GetCampaignStateBatch cannot be "
        "restricted by tag.",
    ),
)

SCENARIOS: tuple[Scenario, ...] = (
    VIEW_OWN_PERMISSIONS,
    VIEW_USERS,
    APP_INTEGRATIONS_FULL,
    USERS_BY_RESOURCE_TAG,
    CREATE_USERS_WITH_REQUEST_TAG,
    EVENT_INTEGRATIONS,
    WISDOM_ASSISTANTS,
    CAMPAIGNS_ONBOARDING,
    CAMPAIGNS_OFFBOARDING,
    CAMPAIGNS_MANAGEMENT,
    CAMPAIGNS_READ_ONLY,
    CAMPAIGNS_TAG_BASED,
)
