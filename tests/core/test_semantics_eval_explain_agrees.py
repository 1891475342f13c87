"""The explanation never contradicts the decision.

Decisions take a fast path and explanations a thorough one; on random small policies and
requests the outcomes the explanation reports must give back the decision and its statements
under AWS's rule (any applicable Deny wins, else any applicable Allow, else implicit deny).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policybuilder.core.semantics.evaluate import evaluate
from policybuilder.core.semantics.model import Request, load_policy

ACTIONS = ["connect:DescribeUser", "connect:ListUsers", "iam:GetUser"]
ACTION_PATTERNS = ACTIONS + ["connect:*", "*", "connect:Describe?ser", "CONNECT:list*"]
RESOURCES = ["arn:aws:connect:r:1:instance/i/agent/a", "arn:aws:iam::1:user/alice", "*"]
RESOURCE_PATTERNS = RESOURCES + [
    "arn:aws:connect:*",
    "arn:aws:iam::1:user/${aws:username}",
    "arn:aws:connect:r:?:instance/*",
    "arn:aws:iam::1:user/${aws:username, 'alice'}",
]
CONDITIONS = [
    {"StringEquals": {"aws:ResourceTag/Dept": "Test"}},
    {"StringNotEquals": {"aws:ResourceTag/Dept": "Test"}},
    {"StringLikeIfExists": {"aws:ResourceTag/Dept": "T*"}},
    {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
    {"Null": {"aws:MultiFactorAuthPresent": "true"}},
    {"ForAnyValue:StringEquals": {"aws:TagKeys": ["Owner"]}},
    {"ForAllValues:StringEquals": {"aws:TagKeys": ["Owner", "Env"]}},
    {"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}},
    {"StringEquals": {"aws:ResourceTag/Dept": "${aws:PrincipalTag/Dept}"}},
]


@st.composite
def statements(draw):
    statement = {
        "Effect": draw(st.sampled_from(["Allow", "Deny"])),
        draw(st.sampled_from(["Action", "NotAction"])): draw(
            st.lists(st.sampled_from(ACTION_PATTERNS), min_size=1, max_size=3)
        ),
        draw(st.sampled_from(["Resource", "NotResource"])): draw(
            st.lists(st.sampled_from(RESOURCE_PATTERNS), min_size=1, max_size=3)
        ),
    }
    if draw(st.booleans()):
        statement["Condition"] = draw(st.sampled_from(CONDITIONS))
    return statement


contexts = st.fixed_dictionaries(
    {},
    optional={
        "aws:ResourceTag/Dept": st.sampled_from(["Test", "Prod"]),
        "aws:PrincipalTag/Dept": st.sampled_from(["Test", "Prod"]),
        "aws:MultiFactorAuthPresent": st.sampled_from(["true", "false"]),
        "aws:TagKeys": st.lists(st.sampled_from(["Owner", "Env", "Team"]), max_size=3).map(tuple),
        "aws:SourceIp": st.sampled_from(["192.0.2.7", "198.51.100.1", "2001:db8::1"]),
        "aws:username": st.sampled_from(["alice", "bob"]),
    },
)


@settings(max_examples=300, deadline=None)
@given(
    body=st.lists(statements(), min_size=1, max_size=4),
    action=st.sampled_from(ACTIONS),
    resource=st.sampled_from(RESOURCES),
    context=contexts,
)
def test_outcomes_give_back_the_decision(body, action, resource, context):
    policy = load_policy({"Version": "2012-10-17", "Statement": body})
    result = evaluate(policy, Request(action, resource, context))
    applied = [o.statement for o in result.outcomes if o.matched]
    denies = tuple(i for i in applied if policy.statements[i].effect == "Deny")
    allows = tuple(i for i in applied if policy.statements[i].effect == "Allow")
    if denies:
        expected = ("explicit_deny", denies)
    elif allows:
        expected = ("allow", allows)
    else:
        expected = ("implicit_deny", ())
    assert (result.decision, result.statements) == expected
    assert [o.statement for o in result.outcomes] == list(range(len(body)))
