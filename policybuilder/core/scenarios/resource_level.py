"""Every section of AWS's "Amazon Connect resource-level policy examples" page.

The same kind of data as :mod:`definitions`: the engine renders them, the web
form, the command line and the API read them.  Explanations and corrections
are our own words.  Two versions of AWS's page were read: the one published
today and the older one kept in the awsdocs/amazon-connect-admin-guide
repository; a correction says which one had the fault when only one did.
"""

from __future__ import annotations

from typing import Any

from policybuilder.core.params import ChoiceParam
from policybuilder.core.scenarios import fields
from policybuilder.core.scenarios.definitions import ONE_CAMPAIGN_ACTIONS, USER_UPDATE_ACTIONS
from policybuilder.core.scenarios.engine import (
    DENY,
    RESOURCE_LEVEL_PAGE,
    Cond,
    Scenario,
    StatementSpec,
)

AREA_INSTANCES = "Instances and users"
AREA_CONTACTS = "Contacts, queues and phone numbers"
AREA_APPINTEGRATIONS = "Amazon AppIntegrations"
AREA_PROFILES = "Customer Profiles"
AREA_Q = "Amazon Q in Connect"
AREA_VOICE_ID = "Voice ID"
AREA_CAMPAIGNS = "Outbound campaigns"

AREAS = (
    AREA_INSTANCES,
    AREA_CONTACTS,
    AREA_APPINTEGRATIONS,
    AREA_PROFILES,
    AREA_Q,
    AREA_VOICE_ID,
    AREA_CAMPAIGNS,
)

PLACEHOLDER_FIX = (
    "AWS's example names the account, instance or resource with placeholders (accountID, "
    "instanceId, domainName...) that IAM takes literally; ours fills them from the form."
)
NO_SID_FIX = "No Sid in AWS's example; ours names each statement."

LOCATION = (fields.partition(), fields.region(), fields.account())
REQUIRED_LOCATION = (
    fields.partition(),
    fields.region_required(),
    fields.account_required(),
)

BY_CONDITION = (("method", "condition"),)
BY_ARN = (("method", "arn"),)
BY_BOTH = (("method", "both"),)


def deny(sid: str, actions: tuple[str, ...], **spec: Any) -> StatementSpec:
    """A Deny statement (``spec``: StatementSpec's other fields)."""
    return StatementSpec(sid=sid, actions=actions, effect=DENY, **spec)


def arn(service: str, resource: str) -> str:
    """``arn:{partition}:SERVICE:{region}:{account}:RESOURCE``, in the form's location."""
    return f"arn:{{partition}}:{service}:{{region}}:{{account}}:{resource}"


EVERY_CONNECT_ACTION = ("connect:*",)
#: The two ways of refusing everything on one instance: the requests that carry its ID, and the
#: instance's ARN with the ARNs of everything inside it.
INSTANCE_ID = (Cond("StringEquals", "connect:InstanceId", "{instance_id}"),)
INSTANCE_ARNS = ("{instance_arn}", "{instance_arn}/*")

DENY_INSTANCE = Scenario(
    slug="deny-instance",
    title="Deny all actions on an Amazon Connect instance",
    area=AREA_INSTANCES,
    page=RESOURCE_LEVEL_PAGE,
    summary="Refuse every Amazon Connect action on one instance, whatever else is allowed.",
    source_section="Deny all actions on an Amazon Connect instance",
    explanation=(
        "A Deny that wins over every Allow: attach it to people who must not touch one "
        "instance (production, say) while other policies let them work elsewhere.",
        "By instance ID, a statement refuses every action whose request carries the "
        "connect:InstanceId key with this value. Not every action carries it: recording and "
        "streaming contacts, tagging, listing queues, quick connects and agent statuses, and "
        "the actions on phone numbers and traffic distribution groups do not, so the "
        "condition alone does not refuse them.",
        "By ARN, a statement refuses every action on the instance and on the resources inside "
        "it (users, queues, contacts...), including those. Both together, the default, "
        "refuse the most; what neither refuses are the actions on no resource or on "
        "resources outside instances that do not carry the key, such as listing instances.",
    ),
    corrections=(
        "AWS's first example relies on connect:InstanceId alone, which dozens of Amazon "
        "Connect actions do not carry (StartContactRecording and TagResource among them), so "
        "they are not refused; ours uses the condition and the ARNs together unless you "
        "choose one.",
        "AWS's second example ends the ARN in the instance ID followed by *, which also "
        "matches any other instance whose ID begins with the same characters; ours names "
        "the instance ARN and the instance ARN followed by /*.",
        "No Sid in AWS's examples; ours names each statement.",
    ),
    params=(
        ChoiceParam(
            name="method",
            label="Refuse by",
            help="The connect:InstanceId condition, the instance's ARNs, or both.",
            example="both",
            default="both",
            choices=(
                ("condition", "The connect:InstanceId condition (AWS's first example)"),
                ("arn", "The instance ARN and everything inside it (AWS's second example)"),
                ("both", "Both, in two statements"),
            ),
        ),
        fields.instance(),
        *LOCATION,
    ),
    statements=(
        deny(
            "DenyEveryActionByInstanceId",
            EVERY_CONNECT_ACTION,
            conditions=INSTANCE_ID,
            when=BY_CONDITION,
        ),
        deny(
            "DenyEveryActionOnInstance", EVERY_CONNECT_ACTION, resources=INSTANCE_ARNS, when=BY_ARN
        ),
        deny(
            "DenyActionsCarryingInstanceId",
            EVERY_CONNECT_ACTION,
            conditions=INSTANCE_ID,
            when=BY_BOTH,
        ),
        deny(
            "DenyActionsOnInstanceResources",
            EVERY_CONNECT_ACTION,
            resources=INSTANCE_ARNS,
            when=BY_BOTH,
        ),
    ),
)

DENY_USER_CHANGES = Scenario(
    slug="deny-user-delete-update",
    title='Deny the "delete" and "update" actions on users',
    area=AREA_INSTANCES,
    page=RESOURCE_LEVEL_PAGE,
    summary="Refuse deleting and changing the users (agents) of one instance.",
    source_section='Deny the "delete" and "update" actions',
    explanation=(
        "A Deny on the ARNs of every user in the instance (…/agent/*): whatever other "
        "policies allow, these people cannot delete a user or change one's settings there.",
        "AWS's connect:UpdateUser* also matches two actions that do not act on users "
        "(renaming a hierarchy group, changing the hierarchy structure); on user ARNs they "
        "would never be refused, so ours lists the user actions themselves.",
    ),
    corrections=(
        "AWS's example denies connect:UpdateUser*, whose meaning grows whenever AWS adds an "
        "action; ours lists the user update actions one by one (and a test warns when AWS "
        "adds one).",
        "The instance ARN is AWS's example instance; ours is built from the form.",
        NO_SID_FIX,
    ),
    params=(fields.instance(), *LOCATION),
    statements=(
        deny(
            "DenyDeletingAndUpdatingUsers",
            ("connect:DeleteUser", *USER_UPDATE_ACTIONS),
            resources=("{instance_arn}/agent/*",),
        ),
    ),
)

CREATE_USERS_DENY_PROFILE = Scenario(
    slug="create-users-deny-security-profile",
    title='Allow "create users" but deny one security profile',
    area=AREA_INSTANCES,
    page=RESOURCE_LEVEL_PAGE,
    summary="Create Amazon Connect users, but never with one security profile (Admin, say).",
    source_section='Allow "create users" but deny if you\'re assigned to a specific security '
    "profile",
    explanation=(
        "CreateUser names the new user's security profiles as resources of the request, so a "
        "Deny on one security profile's ARN refuses any creation that assigns it, while the "
        "Allow lets every other creation through.",
        "Turn on Restrict to an instance to allow creating users in this instance only; the "
        "Deny stays as it is.",
    ),
    corrections=(
        "The older version of AWS's page has a trailing comma after each Resource, which is "
        "not valid JSON.",
        "AWS's instance ID (…-11111bfbfcc17) is one digit too long for a UUID and its "
        "security profile ID (11dtcggg1-…) is not hexadecimal, so the Deny matches nothing; "
        "ours takes both IDs from the form.",
        NO_SID_FIX,
    ),
    params=(
        fields.instance(),
        fields.resource_id(
            "security_profile",
            what="security profile",
            example=fields.EXAMPLE_SECURITY_PROFILE,
            help="The ID of the security profile no new user may get (the last part of its "
            "ARN, or of the address of its page in the Amazon Connect admin website).",
        ),
        *LOCATION,
    ),
    statements=(
        StatementSpec(sid="AllowCreatingUsers", actions=("connect:CreateUser",)),
        deny(
            "DenyCreatingUsersWithSecurityProfile",
            ("connect:CreateUser",),
            resources=("{instance_arn}/security-profile/{security_profile}",),
        ),
    ),
)

RECORDING_ACTIONS = (
    "connect:StartContactRecording",
    "connect:StopContactRecording",
    "connect:SuspendContactRecording",
    "connect:ResumeContactRecording",
)
MORE_CONTACT_ACTIONS = (
    "connect:GetContactAttributes",
    "connect:UpdateContactAttributes",
    "connect:StopContact",
)
ONE_INSTANCE = (("scope", "instance"),)
EVERY_INSTANCE = (("scope", "every-instance"),)

CONTACT_RECORDING = Scenario(
    slug="contact-recording",
    title="Allow recording actions on contacts",
    area=AREA_CONTACTS,
    page=RESOURCE_LEVEL_PAGE,
    summary="Start, stop, suspend and resume the recording of contacts in one instance.",
    source_section="Allow recording actions on a contact",
    explanation=(
        "Contact IDs are new for every call, so the resource is every contact of the "
        "instance (…/contact/*).",
        "StartContactRecording is checked as in AWS's example; the other recording actions and "
        "a few more contact actions AWS lists for the same role are offered unchecked.",
        "AWS also shows every instance of the account (instance/*/contact/*): choose it as "
        "the scope.",
    ),
    corrections=(
        PLACEHOLDER_FIX,
        "AWS's second example allows connect:* on contacts; ours offers the contact actions "
        "by name, unchecked.",
        "AWS's list of contact actions includes ListContactFlows, StartChatContact and "
        "StartOutboundVoiceContact, which need a flow's ARN or \"*\" rather than a contact's, "
        "so on contact ARNs they would never be allowed; they are left out.",
        NO_SID_FIX,
    ),
    params=(
        ChoiceParam(
            name="scope",
            label="Contacts of",
            help="One instance, or every instance of the account.",
            example="instance",
            default="instance",
            choices=(("instance", "One instance"), ("every-instance", "Every instance")),
        ),
        fields.instance(only_when=ONE_INSTANCE),
        *LOCATION,
    ),
    statements=(
        StatementSpec(
            sid="AllowRecordingContacts",
            actions=(*RECORDING_ACTIONS, *MORE_CONTACT_ACTIONS),
            optional_actions=(*RECORDING_ACTIONS[1:], *MORE_CONTACT_ACTIONS),
            resources=("{instance_arn}/contact/*",),
            when=ONE_INSTANCE,
        ),
        StatementSpec(
            sid="AllowRecordingContactsInEveryInstance",
            actions=(*RECORDING_ACTIONS, *MORE_CONTACT_ACTIONS),
            optional_actions=(*RECORDING_ACTIONS[1:], *MORE_CONTACT_ACTIONS),
            resources=(arn("connect", "instance/*/contact/*"),),
            when=EVERY_INSTANCE,
        ),
    ),
)

QUEUE_ACTIONS = ("connect:CreateQueue", "connect:UpdateQueueOutboundCallerConfig")
PHONE_NUMBER_ARNS = (
    "arn:{partition}:connect:{phone_region}:{account}:phone-number/{phone_number}",
    "{instance_arn}/phone-number/{phone_number}",
)

QUEUE_PHONE_NUMBER_REPLICA = Scenario(
    slug="queue-phone-number-replica",
    title="Allow or deny queue actions for a phone number in a replica Region",
    area=AREA_CONTACTS,
    page=RESOURCE_LEVEL_PAGE,
    summary="Allow or refuse setting one phone number as a queue's outbound caller ID, from "
    "a replica Region.",
    source_section="Allow or Deny queue API actions for phone numbers in a replica Region",
    explanation=(
        "CreateQueue and UpdateQueueOutboundCallerConfig take a phone number for the "
        "outbound caller ID. When the number is claimed to a traffic distribution group and "
        "the request is made in the replica Region, IAM checks it in two forms: the V2 ARN in "
        "the number's own Region and the V1 ARN inside the replica instance. The statement "
        "names both, as AWS says it must.",
        "To deny, the statement refuses these actions whenever they set this number. To "
        "allow, the statement also names the instance's queues, which the request acts on "
        "too: a request for another number is still refused, because that number is not "
        "allowed.",
    ),
    corrections=(
        "AWS's instance ID (aaaaaaaa-bbbb-cccc-dddd-0123456789012) has a last group one "
        "character too long and its phone number ID contains g, which no UUID has; ours "
        "takes both from the form.",
        "AWS's Allow example names only the phone number, so the queue the request acts on "
        "is not allowed and the request is refused anyway; ours adds the instance's queues.",
        "The V1 phone number ARN is not among the resource types the IAM reference lists for "
        "these actions, so Access Analyzer may warn that it matches nothing; AWS's page says "
        "it is needed in the replica Region, so it is kept.",
    ),
    params=(
        ChoiceParam(
            name="effect",
            label="Effect",
            help="Refuse these actions for the number, or allow them only with it.",
            example="deny",
            default="deny",
            choices=(
                ("deny", "Deny (AWS's first example)"),
                ("allow", "Allow only this number (AWS's second example)"),
            ),
        ),
        fields.instance(),
        fields.resource_id(
            "phone_number",
            what="phone number",
            example=fields.EXAMPLE_PHONE_NUMBER,
            help="The phone number's ID (the last part of its ARN).",
        ),
        fields.phone_region(),
        fields.partition(),
        fields.replica_region(),
        fields.account_required(),
    ),
    statements=(
        deny(
            "DenyQueueActionsForPhoneNumber",
            QUEUE_ACTIONS,
            resources=PHONE_NUMBER_ARNS,
            when=(("effect", "deny"),),
        ),
        StatementSpec(
            sid="AllowQueueActionsOnlyForPhoneNumber",
            actions=QUEUE_ACTIONS,
            resources=(*PHONE_NUMBER_ARNS, "{instance_arn}/queue/*"),
            when=(("effect", "allow"),),
        ),
    ),
)

CONTACT_LENS_SEARCH = Scenario(
    slug="contact-lens-search-restriction",
    title="Search contacts, but not by Contact Lens transcripts",
    area=AREA_CONTACTS,
    page=RESOURCE_LEVEL_PAGE,
    summary="Describe and search contacts, but refuse searches on what Contact Lens transcribed.",
    source_section="Restrict the ability to search on transcripts analyzed by Amazon Connect "
    "Contact Lens",
    explanation=(
        "The first two statements allow describing the instance's contacts and searching "
        "them. The Deny refuses any search whose criteria use the transcripts that Contact "
        "Lens analysed (the connect:SearchContactsByContactAnalysis key with the value "
        "Transcript), so what was said on a call cannot be searched.",
    ),
    corrections=(
        PLACEHOLDER_FIX,
        "The console-generated Sids VisualEditor0, VisualEditor1 and VisualEditor2 are "
        "replaced by names that say what each statement is for.",
    ),
    params=(fields.instance(), *LOCATION),
    statements=(
        StatementSpec(
            sid="AllowDescribingContacts",
            actions=("connect:DescribeContact",),
            resources=("{instance_arn}/contact/*",),
        ),
        StatementSpec(
            sid="AllowSearchingContacts",
            actions=("connect:SearchContacts",),
            resources=("{instance_arn}",),
        ),
        deny(
            "DenySearchingTranscripts",
            ("connect:SearchContacts",),
            resources=("{instance_arn}",),
            conditions=(
                Cond(
                    "ForAnyValue:StringEquals",
                    "connect:SearchContactsByContactAnalysis",
                    ("Transcript",),
                ),
            ),
        ),
    ),
)

EVENT_INTEGRATION_ACTIONS = (
    "app-integrations:CreateEventIntegration",
    "app-integrations:GetEventIntegration",
    "app-integrations:UpdateEventIntegration",
    "app-integrations:DeleteEventIntegration",
)

INTEGRATIONS_BY_NAME = Scenario(
    slug="integrations-by-name-prefix",
    title="Allow actions on integrations with specific names",
    area=AREA_APPINTEGRATIONS,
    page=RESOURCE_LEVEL_PAGE,
    summary="Manage only the AppIntegrations event integrations whose names start with a prefix.",
    source_section="Allow actions for integrations with specific names",
    explanation=(
        "Creating, reading, updating and deleting event integrations is allowed only for "
        "names that begin with the prefix, for example one team's MyTeam- integrations.",
        "Leave the region or the account empty to match any (*), as AWS's example does.",
        "ListEventIntegrations acts on no resource, so it is in a statement of its own on "
        "every resource; it shows the names of all event integrations.",
    ),
    corrections=(
        "The older version of AWS's page misspells the service as app-integartions in "
        "DeleteEventIntegration, and writes the ARN's service as appintegrations, so the ARN "
        "matches nothing; ours uses app-integrations in both.",
        "AWS's example grants ListEventIntegrations on the name-prefix ARN, where it never "
        "applies because it takes no resource; ours grants it on * in its own statement.",
    ),
    params=(
        fields.event_integration_name(prefix=True),
        fields.partition(),
        fields.region(),
        fields.account(
            help="Optional. Leave empty to match any account (*), as AWS's example does."
        ),
    ),
    statements=(
        StatementSpec(
            sid="AllowEventIntegrationsWithNamePrefix",
            actions=EVENT_INTEGRATION_ACTIONS,
            resources=(
                "arn:{partition}:app-integrations:{region_or_star}:{account_or_star}:"
                "event-integration/{name_prefix}*",
            ),
        ),
        StatementSpec(
            sid="AllowListingEventIntegrations",
            actions=("app-integrations:ListEventIntegrations",),
        ),
    ),
)

VIEW_EVENT_INTEGRATION = Scenario(
    slug="view-event-integration",
    title="View a specific AppIntegrations event integration",
    area=AREA_APPINTEGRATIONS,
    page=RESOURCE_LEVEL_PAGE,
    summary="Read one named AppIntegrations event integration and nothing else.",
    source_section="View specific Amazon AppIntegrations resources",
    explanation=("GetEventIntegration on one event integration's ARN, which ends in its name.",),
    corrections=(PLACEHOLDER_FIX, NO_SID_FIX),
    params=(fields.event_integration_name(prefix=False), *REQUIRED_LOCATION),
    statements=(
        StatementSpec(
            sid="AllowReadingEventIntegration",
            actions=("app-integrations:GetEventIntegration",),
            resources=(arn("app-integrations", "event-integration/{integration_name}"),),
        ),
    ),
)

PROFILES_DOMAIN = arn("profile", "domains/{domain}")

CUSTOMER_PROFILES_FULL = Scenario(
    slug="customer-profiles-full",
    title="Grant access to a Customer Profiles domain",
    area=AREA_PROFILES,
    page=RESOURCE_LEVEL_PAGE,
    summary="Every Customer Profiles action on one domain and what it contains.",
    source_section="Grant access to Amazon Connect Customer Profiles",
    explanation=(
        "Customer Profiles actions start with profile:, not connect:. profile:* on the domain "
        "and everything inside it (object types, integrations, profiles' attributes...).",
        "Actions that take no domain (ListDomains, ListAccountIntegrations...) are not "
        "granted: they act on no resource.",
    ),
    corrections=(
        PLACEHOLDER_FIX,
        "AWS's example names only the domain's own ARN, so actions on what the domain "
        "contains (object types, integrations, event streams) are not allowed despite "
        "the promise of full access; ours adds the domain ARN followed by /*.",
        NO_SID_FIX,
    ),
    params=(fields.profiles_domain(), *REQUIRED_LOCATION),
    statements=(
        StatementSpec(
            sid="AllowEveryActionOnProfilesDomain",
            actions=("profile:*",),
            resources=(PROFILES_DOMAIN, f"{PROFILES_DOMAIN}/*"),
        ),
    ),
)

CUSTOMER_PROFILES_READ = Scenario(
    slug="customer-profiles-read-only",
    title="Grant read-only access to Customer Profiles data",
    area=AREA_PROFILES,
    page=RESOURCE_LEVEL_PAGE,
    summary="Search the profiles of one Customer Profiles domain without changing them.",
    source_section="Grant read-only access to Customer Profiles data",
    explanation=(
        "SearchProfiles finds profiles in the domain, as in AWS's example. Reading a few "
        "profiles at once, the domain's settings and the objects attached to profiles are "
        "offered unchecked.",
    ),
    corrections=(
        PLACEHOLDER_FIX,
        "The older version of AWS's page also grants profile:ListObjects, which does not "
        "exist; the action that lists a profile's objects is profile:ListProfileObjects, "
        "which acts on the domain's object types (offered, unchecked, in its own statement).",
        NO_SID_FIX,
    ),
    params=(fields.profiles_domain(), *REQUIRED_LOCATION),
    statements=(
        StatementSpec(
            sid="AllowSearchingProfiles",
            actions=("profile:SearchProfiles", "profile:BatchGetProfile", "profile:GetDomain"),
            optional_actions=("profile:BatchGetProfile", "profile:GetDomain"),
            resources=(PROFILES_DOMAIN,),
        ),
        StatementSpec(
            sid="AllowListingProfileObjects",
            actions=("profile:ListProfileObjects",),
            optional_actions=("profile:ListProfileObjects",),
            resources=(f"{PROFILES_DOMAIN}/object-types/*",),
        ),
    ),
)

Q_IN_CONNECT_QUERY = Scenario(
    slug="q-in-connect-query-assistant",
    title="Query Amazon Q in Connect only for one assistant",
    area=AREA_Q,
    page=RESOURCE_LEVEL_PAGE,
    summary="Query one Amazon Q in Connect (formerly Wisdom) assistant and no other.",
    source_section="Query Amazon Q in Connect only for a specific Assistant",
    explanation=(
        "Amazon Q in Connect was called Amazon Connect Wisdom; its IAM prefix is still "
        "wisdom. QueryAssistant searches the assistant's knowledge for an agent.",
    ),
    corrections=(
        'The older version of AWS\'s page writes the action as "wisdom:QueryAssistant " with '
        "a trailing space, which IAM rejects.",
        PLACEHOLDER_FIX,
        NO_SID_FIX,
    ),
    params=(
        fields.resource_id(
            "assistant",
            what="assistant",
            example=fields.EXAMPLE_ASSISTANT,
            help="The assistant's ID (the last part of its ARN).",
        ),
        *REQUIRED_LOCATION,
    ),
    statements=(
        StatementSpec(
            sid="AllowQueryingOneAssistant",
            actions=("wisdom:QueryAssistant",),
            resources=(arn("wisdom", "assistant/{assistant}"),),
        ),
    ),
)

VOICE_ID_FULL = Scenario(
    slug="voice-id-full",
    title="Grant full access to a Voice ID domain",
    area=AREA_VOICE_ID,
    page=RESOURCE_LEVEL_PAGE,
    summary="Every Amazon Connect Voice ID action on one Voice ID domain.",
    source_section="Grant full access to Amazon Connect Voice ID",
    explanation=(
        "Voice ID actions start with voiceid:. voiceid:* on one domain: its speakers, "
        "fraudsters, watchlists and enrolment jobs.",
        "Actions that take no domain (CreateDomain, ListDomains) are not granted.",
    ),
    corrections=(
        "AWS's example ends the domain ARN in domainName, but Voice ID domain ARNs end in "
        "the domain's ID; ours asks for the ID.",
        PLACEHOLDER_FIX,
        NO_SID_FIX,
    ),
    params=(fields.voice_id_domain(), *REQUIRED_LOCATION),
    statements=(
        StatementSpec(
            sid="AllowEveryActionOnVoiceIdDomain",
            actions=("voiceid:*",),
            resources=(arn("voiceid", "domain/{domain_id}"),),
        ),
    ),
)

CAMPAIGN_ACCESS = Scenario(
    slug="campaign-full-access",
    title="Grant access to one outbound campaign",
    area=AREA_CAMPAIGNS,
    page=RESOURCE_LEVEL_PAGE,
    summary="Describe, change, pause, resume, stop and delete one outbound campaign.",
    source_section="Grant access to Amazon Connect outbound campaigns resources",
    explanation=(
        "Outbound campaigns actions start with connect-campaigns:. Every action AWS lists, "
        "on one campaign's ARN only.",
        "Uncheck DeleteCampaign for people who run the campaign but must not remove it.",
    ),
    corrections=(
        "AWS's example is a statement without the Version and Statement wrapper, so it is "
        "not a policy IAM accepts; ours is a complete document.",
        "AWS's example is missing a comma after GetCampaignState and has a trailing comma "
        "after Resource, neither of which is valid JSON.",
        "connect-campaigns:UpdateOutboundCallConfig and connect-campaigns:UpdateDialerConfig "
        "do not exist; the actions are UpdateCampaignOutboundCallConfig and "
        "UpdateCampaignDialerConfig. The older version of the page also misspells the service "
        "as connect-camapigns once, and the text calls the prefix connect-campaign.",
        "The ARN contains the placeholders accountID and campaignId; ours fills them from the "
        "form.",
    ),
    params=(
        fields.resource_id(
            "campaign",
            what="campaign",
            example=fields.EXAMPLE_CAMPAIGN,
            help="The campaign's ID (the last part of its ARN).",
        ),
        *REQUIRED_LOCATION,
    ),
    statements=(
        StatementSpec(
            sid="AllowConnectCampaignsOperations",
            actions=ONE_CAMPAIGN_ACTIONS,
            resources=(arn("connect-campaigns", "campaign/{campaign}"),),
        ),
    ),
)

SCENARIOS: tuple[Scenario, ...] = (
    DENY_INSTANCE,
    DENY_USER_CHANGES,
    CREATE_USERS_DENY_PROFILE,
    CONTACT_RECORDING,
    QUEUE_PHONE_NUMBER_REPLICA,
    CONTACT_LENS_SEARCH,
    INTEGRATIONS_BY_NAME,
    VIEW_EVENT_INTEGRATION,
    CUSTOMER_PROFILES_FULL,
    CUSTOMER_PROFILES_READ,
    Q_IN_CONNECT_QUERY,
    VOICE_ID_FULL,
    CAMPAIGN_ACCESS,
)
