"""The access summary: every catalogue action a policy allows, by service and access level."""

from __future__ import annotations

import pytest
from helpers import corpus_dir
from hypothesis import given, settings
from hypothesis import strategies as st

from policybuilder.core import iam_catalog, scenarios
from policybuilder.core.semantics.evaluate import evaluate, resource_matches
from policybuilder.core.semantics.model import ConditionClause, PolicyError, Request, load_policy
from policybuilder.core.semantics.summary import access_summary, condition_text, globs_overlap

INSTANCE = "arn:aws:connect:us-east-1:111122223333:instance/a1b2c3d4-5678-90ab-cdef-0123456789ab"


def policy(*statements):
    return load_policy({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action, resource="*", **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action, resource="*", **extra):
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def allowed(summary) -> dict[str, dict]:
    """Every listed action's dict, by action name."""
    return {
        a["action"]: a
        for s in summary.to_dict()["services"]
        for level in s["access_levels"]
        for a in level["actions"]
    }


# --- actions ----------------------------------------------------------------------------------


def test_a_wildcard_action_lists_exactly_the_catalogue_actions_it_matches_today():
    summary = access_summary(policy(allow("connect:Describe*")))
    expected = {a.qualified_name for a in iam_catalog.expand_action("connect:Describe*")}
    assert set(allowed(summary)) == expected
    assert "connect:DescribeUser" in expected


def test_actions_are_grouped_under_their_service_with_its_name():
    summary = access_summary(policy(allow(["connect:DescribeUser", "iam:GetUser"])))
    services = {s["service"]: s["name"] for s in summary.to_dict()["services"]}
    assert services == {"connect": "Amazon Connect", "iam": iam_catalog.service_name("iam")}


def test_access_levels_come_in_the_catalogue_order_list_read_write():
    summary = access_summary(
        policy(allow(["connect:UpdateUserHierarchy", "connect:DescribeUser", "connect:ListUsers"]))
    )
    [connect] = summary.to_dict()["services"]
    assert [level["access_level"] for level in connect["access_levels"]] == [
        "List",
        "Read",
        "Write",
    ]


def test_an_action_of_two_access_levels_is_grouped_under_the_first_it_names():
    action = iam_catalog.get_action("connect:TagResource")
    assert action.access_level == "Tagging, Write"
    [connect] = access_summary(policy(allow("connect:TagResource"))).to_dict()["services"]
    [level] = connect["access_levels"]
    assert level["access_level"] == "Tagging"
    assert level["actions"][0]["access_level"] == "Tagging, Write"


def test_an_action_allowed_by_two_statements_shows_both_grants():
    summary = access_summary(
        policy(allow("connect:DescribeUser", INSTANCE + "/agent/*"), allow("connect:Describe*"))
    )
    grants = allowed(summary)["connect:DescribeUser"]["grants"]
    assert [g["statement"] for g in grants] == [0, 1]


def test_a_pattern_of_a_service_the_catalogue_lacks_is_named_in_a_note():
    summary = access_summary(policy(allow(["connect:DescribeUser", "conect:DescribeUser"])))
    assert list(allowed(summary)) == ["connect:DescribeUser"]
    assert any("conect:DescribeUser" in n and "does not have" in n for n in summary.notes)


# --- resources and conditions -----------------------------------------------------------------


def test_each_grant_carries_the_statements_resources():
    summary = access_summary(policy(allow("connect:DescribeUser", INSTANCE + "/agent/*")))
    [grant] = allowed(summary)["connect:DescribeUser"]["grants"]
    assert grant["resources"] == [INSTANCE + "/agent/*"]
    assert grant["resources_text"] == INSTANCE + "/agent/*"


def test_not_resource_reads_as_every_resource_except():
    statement = {"Effect": "Allow", "Action": "connect:DescribeUser", "NotResource": INSTANCE}
    [grant] = allowed(access_summary(policy(statement)))["connect:DescribeUser"]["grants"]
    assert grant["resources"] is None
    assert grant["not_resources"] == [INSTANCE]
    assert grant["resources_text"] == f"every resource except {INSTANCE}"


def test_each_grant_carries_its_conditions_in_words():
    condition = {"StringEquals": {"aws:ResourceTag/Department": "Test"}}
    summary = access_summary(policy(allow("connect:DescribeUser", Condition=condition)))
    [grant] = allowed(summary)["connect:DescribeUser"]["grants"]
    [clause] = grant["conditions"]
    assert clause["operator"] == "StringEquals"
    assert clause["values"] == ["Test"]
    assert clause["text"] == 'aws:ResourceTag/Department is "Test"'


@pytest.mark.parametrize(
    ("operator", "key", "values", "words"),
    [
        (
            "StringEquals",
            "aws:PrincipalTag/team",
            ["a", "b"],
            'aws:PrincipalTag/team is one of "a", "b"',
        ),
        ("StringLike", "aws:userid", ["AIDA*"], 'aws:userid matches "AIDA*"'),
        (
            "StringNotEquals",
            "aws:RequestedRegion",
            ["us-east-1"],
            'aws:RequestedRegion is not "us-east-1" (also met when aws:RequestedRegion is absent)',
        ),
        (
            "BoolIfExists",
            "aws:MultiFactorAuthPresent",
            ["false"],
            "aws:MultiFactorAuthPresent, if present, is false",
        ),
        ("Bool", "aws:SecureTransport", ["true"], "aws:SecureTransport is true"),
        (
            "NumericLessThan",
            "aws:MultiFactorAuthAge",
            ["3600"],
            "aws:MultiFactorAuthAge is less than 3600",
        ),
        (
            "DateGreaterThan",
            "aws:CurrentTime",
            ["2026-01-01"],
            'aws:CurrentTime is after "2026-01-01"',
        ),
        ("IpAddress", "aws:SourceIp", ["203.0.113.0/24"], "aws:SourceIp is in 203.0.113.0/24"),
        ("Null", "aws:ResourceTag/Owner", ["true"], "aws:ResourceTag/Owner is absent"),
        ("Null", "aws:ResourceTag/Owner", ["false"], "aws:ResourceTag/Owner is present"),
        (
            "ForAnyValue:StringEquals",
            "aws:TagKeys",
            ["Owner"],
            'at least one value of aws:TagKeys is "Owner"',
        ),
        (
            "ForAllValues:StringEquals",
            "aws:TagKeys",
            ["Owner", "Env"],
            'every value of aws:TagKeys is one of "Owner", "Env" '
            "(also met when aws:TagKeys is absent or empty)",
        ),
        ("ArnLike", "aws:SourceArn", [INSTANCE + "/*"], f'aws:SourceArn matches "{INSTANCE}/*"'),
    ],
)
def test_a_condition_reads_as_a_sentence(operator, key, values, words):
    assert condition_text(ConditionClause(operator, key, tuple(values))) == words


def test_an_operator_iam_does_not_have_is_said_to_be_never_met():
    text = condition_text(ConditionClause("StringEqualz", "aws:username", ("bob",)))
    assert "never met" in text


# --- what a Deny takes away -------------------------------------------------------------------


def test_an_action_denied_everywhere_without_conditions_is_not_allowed_but_listed_as_denied():
    summary = access_summary(policy(allow("connect:Describe*"), deny("connect:DescribeUser")))
    assert "connect:DescribeUser" not in allowed(summary)
    assert "connect:DescribeQueue" in allowed(summary)
    assert [d.to_dict() for d in summary.denied] == [
        {"action": "connect:DescribeUser", "statements": [1]}
    ]


def test_a_deny_whose_pattern_contains_the_allowed_resource_takes_the_grant_away():
    summary = access_summary(
        policy(
            allow("connect:DescribeUser", INSTANCE + "/agent/*"),
            deny("connect:DescribeUser", "arn:aws:connect:*:*:instance/*"),
        )
    )
    assert "connect:DescribeUser" not in allowed(summary)


def test_a_deny_on_some_resources_shows_except_on_those_resources():
    summary = access_summary(
        policy(allow("connect:DescribeUser"), deny("connect:DescribeUser", INSTANCE + "/agent/*"))
    )
    [grant] = allowed(summary)["connect:DescribeUser"]["grants"]
    [exception] = grant["except"]
    assert exception["statement"] == 1
    assert exception["text"] == f"except on {INSTANCE}/agent/* (Statement 1)"


def test_a_deny_under_conditions_shows_except_when():
    no_mfa = {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
    summary = access_summary(
        policy(allow("connect:DescribeUser"), deny("connect:*", Sid="NoMfa", Condition=no_mfa))
    )
    [grant] = allowed(summary)["connect:DescribeUser"]["grants"]
    [exception] = grant["except"]
    assert exception["text"] == (
        'except when aws:MultiFactorAuthPresent, if present, is false (Statement 1 ("NoMfa"))'
    )


def test_a_deny_on_resources_the_allow_never_reaches_changes_nothing():
    other = INSTANCE.replace("a1b2c3d4", "ffffffff")
    summary = access_summary(
        policy(
            allow("connect:DescribeUser", INSTANCE + "/agent/*"),
            deny("connect:DescribeUser", other + "/agent/*"),
        )
    )
    [grant] = allowed(summary)["connect:DescribeUser"]["grants"]
    assert grant["except"] == []


def test_a_deny_on_a_resource_with_a_policy_variable_is_an_exception_not_a_removal():
    summary = access_summary(
        policy(
            allow("iam:GetUser", "arn:aws:iam::111122223333:user/*"),
            deny("iam:GetUser", "arn:aws:iam::111122223333:user/${aws:username}"),
        )
    )
    [grant] = allowed(summary)["iam:GetUser"]["grants"]
    assert [e["statement"] for e in grant["except"]] == [1]


def test_a_deny_on_the_same_resource_with_a_policy_variable_takes_the_grant_away():
    own = "arn:aws:iam::111122223333:user/${aws:username}"
    summary = access_summary(policy(allow("iam:GetUser", own), deny("iam:GetUser", own)))
    assert "iam:GetUser" not in allowed(summary)
    assert [d.action for d in summary.denied] == ["iam:GetUser"]


# --- NotAction and "*" --------------------------------------------------------------------------


def test_not_action_is_one_entry_of_everything_except_and_its_services_are_expanded():
    statement = {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}
    summary = access_summary(policy(statement, allow("connect:DescribeUser")))
    [entry] = summary.to_dict()["everything_except"]
    assert entry["not_actions"] == ["iam:*"]
    assert entry["text"].startswith("every action of every service except iam:*")
    listed = {s["service"] for s in summary.to_dict()["services"]}
    assert listed == {"connect"}  # every connect action through NotAction; no iam action at all
    assert len(allowed(summary)) == len(iam_catalog.actions("connect"))


def test_a_not_action_that_excludes_one_action_lists_the_rest_of_that_service():
    statement = {"Effect": "Allow", "NotAction": "iam:CreateUser", "Resource": "*"}
    listed = allowed(access_summary(policy(statement)))
    assert "iam:CreateUser" not in listed
    assert len(listed) == len(iam_catalog.actions("iam")) - 1


def test_a_star_action_is_one_entry_and_no_service_is_walked():
    summary = access_summary(policy(allow("*")))
    assert summary.services == ()
    [entry] = summary.to_dict()["everything_except"]
    assert entry["text"] == "every action of every service"


def test_a_broad_allow_shows_every_deny_as_an_exception():
    summary = access_summary(policy(allow("*"), deny("iam:*")))
    [entry] = summary.to_dict()["everything_except"]
    assert [e["text"] for e in entry["except"]] == ["except iam:* (Statement 1)"]
    assert len(summary.denied) == len(iam_catalog.actions("iam"))


def test_allow_everything_and_deny_everything_allows_nothing():
    summary = access_summary(policy(allow("*"), deny("*")))
    assert summary.services == () and summary.broad == ()
    assert "allows no action" in summary.to_text()


# --- agreement with the evaluator, text, speed ------------------------------------------------


@pytest.mark.parametrize("slug", [s.slug for s in scenarios.SCENARIOS])
def test_every_unconditional_star_grant_of_a_scenario_is_an_allow_for_the_evaluator(slug):
    scenario = scenarios.get(slug)
    document = scenarios.render(scenario, scenario.example_values()).document
    pol = load_policy(document)
    summary = access_summary(pol)
    checked = 0
    for name, item in allowed(summary).items():
        for grant in item["grants"]:
            if grant["resources"] == ["*"] and not grant["conditions"] and not grant["except"]:
                assert evaluate(pol, Request(name)).decision == "allow", name
                checked += 1
    for denied in summary.denied:
        assert evaluate(pol, Request(denied.action)).decision != "allow", denied.action
    if not pol.allows:  # a deny-only scenario (meant beside other policies) allows nothing
        assert summary.services == () and summary.broad == ()
    else:
        assert checked + len(allowed(summary)) > 0


def test_the_text_form_names_services_levels_actions_and_conditions():
    condition = {"StringEquals": {"aws:ResourceTag/Department": "Test"}}
    text = access_summary(
        policy(allow(["connect:DescribeUser", "connect:ListUsers"], Condition=condition))
    ).to_text()
    assert "Amazon Connect (connect): 2 actions" in text
    assert "  List\n    connect:ListUsers\n" in text
    assert 'when aws:ResourceTag/Department is "Test"' in text


@pytest.mark.parametrize(
    ("a", "b", "meet"),
    [
        ("arn:*:x", "arn:y:*", True),
        ("arn:aws:s3:::a/*", "arn:aws:s3:::b/*", False),
        ("a?c", "abc", True),
        ("a?c", "ac", False),
        ("*", "anything", True),
        ("abc*", "*xyz", True),
    ],
)
def test_two_resource_patterns_overlap_when_some_arn_matches_both(a, b, meet):
    assert globs_overlap(a, b) is meet
    assert globs_overlap(b, a) is meet


def _corpus_policies(limit_bytes: int = 12_000):
    for path in sorted(corpus_dir().glob("*.json")):
        text = path.read_text(encoding="utf-8")
        if len(text) > limit_bytes:
            continue
        try:
            yield path.name, load_policy(text)
        except PolicyError:
            continue


@pytest.mark.corpus
def test_the_summary_agrees_with_the_evaluator_on_the_managed_policies():
    """Each policy of up to 12 KB: a listed action with an unconditional grant on a concrete
    resource (or on "*") and no exception is allowed there by ``evaluate``; an action of a named
    service that the summary neither lists nor marks denied is allowed on none of the
    policy's resources; a denied one is not allowed on "*"."""
    disagreements = []
    checked = 0
    for name, pol in _corpus_policies():
        summary = access_summary(pol)
        listed = allowed(summary)
        for action, item in list(listed.items())[::25]:
            for grant in item["grants"]:
                if grant["conditions"] or grant["except"] or grant["resources"] is None:
                    continue
                concrete = [r for r in grant["resources"] if "?" not in r and "$" not in r]
                for resource in concrete[:1]:
                    resource = "*" if set(resource) == {"*"} else resource.replace("*", "x")
                    checked += 1
                    if evaluate(pol, Request(action, resource)).decision != "allow":
                        disagreements.append((name, action, resource))
        resources = {r for s in pol.allows for r in (s.resources or ("*",))}
        denied = {d.action for d in summary.denied}
        # Named on ARNs of no type the action has: the evaluator, given the pattern itself as
        # the resource, cannot know that no real request is ever made on it.
        mismatched = {m.action for m in summary.resource_mismatches}
        if not summary.broad:
            for service in {s["service"] for s in summary.to_dict()["services"]}:
                for action in list(iam_catalog.actions(service).values())[::40]:
                    qn = action.qualified_name
                    if qn in listed or qn in denied or qn in mismatched:
                        continue
                    for resource in sorted(resources)[:3]:
                        checked += 1
                        if evaluate(pol, Request(qn, resource)).decision == "allow":
                            disagreements.append((name, qn, resource, "unlisted but allowed"))
        for action in sorted(denied)[:5]:
            if evaluate(pol, Request(action)).decision == "allow":
                disagreements.append((name, action, "*", "denied but allowed"))
    assert disagreements == []
    assert checked > 1000


@pytest.mark.corpus
def test_every_managed_policy_is_summarised_without_an_exception():
    count = 0
    for _, pol in _corpus_policies(limit_bytes=1_000_000):
        summary = access_summary(pol)
        assert summary.to_text()
        count += 1
    assert count > 1000


# --- resources the action can be asked on -------------------------------------------------------


def test_a_statement_grants_an_action_only_on_arns_of_its_resource_types():
    queues = INSTANCE + "/queue/*"
    summary = access_summary(policy(allow("connect:Describe*", queues)))
    assert "connect:DescribeQueue" in allowed(summary)
    assert "connect:DescribeUser" not in allowed(summary)
    mismatch = {m.action: m for m in summary.resource_mismatches}["connect:DescribeUser"]
    assert mismatch.statements == (0,)
    assert "agent" in mismatch.takes


def test_an_action_without_resource_types_is_kept_on_the_arns_a_statement_names():
    summary = access_summary(policy(allow("connect:ListInstances", INSTANCE)))
    assert "connect:ListInstances" in allowed(summary)
    assert summary.resource_mismatches == ()


def test_a_deny_on_arns_of_another_resource_type_is_no_exception():
    summary = access_summary(
        policy(allow("connect:DescribeUser"), deny("connect:Describe*", INSTANCE + "/queue/*"))
    )
    [grant] = allowed(summary)["connect:DescribeUser"]["grants"]
    assert grant["except"] == []


# --- a property: the summary and the evaluator agree on random Connect policies ---------------

OTHER = INSTANCE.replace("a1b2c3d4", "ffffffff")
#: Realistic requests: each action on a resource of a type it takes.
REQUESTS = {
    "connect:DescribeUser": INSTANCE + "/agent/u1",
    "connect:UpdateUserHierarchy": INSTANCE + "/agent/u1",
    "connect:DescribeQueue": INSTANCE + "/queue/q1",
    "connect:ListUsers": INSTANCE,
    "connect:ListInstances": "*",
}
CONTEXTS = [
    {},
    {"aws:MultiFactorAuthPresent": "true", "aws:ResourceTag/Department": "Test"},
    {"aws:MultiFactorAuthPresent": "false"},
]
_actions = st.lists(
    st.sampled_from(
        [
            "connect:DescribeUser",
            "connect:Describe*",
            "connect:*",
            "connect:List*",
            "connect:Update*",
            "connect:ListInstances",
            "*",
        ]
    ),
    min_size=1,
    max_size=3,
    unique=True,
)
_resources = st.lists(
    st.sampled_from(
        [
            "*",
            INSTANCE,
            INSTANCE + "/agent/*",
            INSTANCE + "/agent/u1",
            INSTANCE + "/queue/*",
            "arn:aws:connect:*:*:instance/*",
            OTHER + "/*",
            INSTANCE + "/agent/${aws:username}",
        ]
    ),
    min_size=1,
    max_size=2,
    unique=True,
)
_conditions = st.sampled_from(
    [
        None,
        {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
        {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
        {"StringEquals": {"aws:ResourceTag/Department": "Test"}},
    ]
)


@st.composite
def _statement(draw):
    statement = {"Effect": draw(st.sampled_from(["Allow", "Deny"]))}
    statement["NotAction" if draw(st.integers(0, 4)) == 0 else "Action"] = draw(_actions)
    key = "NotResource" if draw(st.integers(0, 5)) == 0 else "Resource"
    statement[key] = draw(_resources)
    condition = draw(_conditions)
    if condition:
        statement["Condition"] = condition
    return statement


@settings(max_examples=150, deadline=None)
@given(st.lists(_statement(), min_size=1, max_size=4))
def test_the_summary_and_the_evaluator_agree_on_random_connect_policies(statements):
    pol = policy(*statements)
    summary = access_summary(pol)
    listed = allowed(summary)
    denied = {d.action for d in summary.denied}
    for action, resource in REQUESTS.items():
        decisions = {evaluate(pol, Request(action, resource, c)).decision for c in CONTEXTS}
        if "allow" in decisions:  # what the evaluator allows, the summary shows
            assert action in listed or summary.broad, (action, resource)
            assert action not in denied
        for grant in listed.get(action, {}).get("grants", ()):
            if grant["conditions"] or grant["except"]:
                continue
            statement = pol.statements[grant["statement"]]
            if resource_matches(statement, resource, Request(action, resource)):
                # An unconditional grant with no exception allows this request.
                assert evaluate(pol, Request(action, resource)).decision == "allow", action
