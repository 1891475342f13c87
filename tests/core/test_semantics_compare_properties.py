"""Properties of compare(): soundness against sampled requests, and meaning-preserving rewrites.

The last test checks the encoding itself: each statement's z3 formula, with the symbolic
request pinned to a concrete one, must agree with the evaluator.  (Checked by hand that it
fails when ...IfExists is dropped from the encoding, or when a Resource ``*`` before a colon
is kept within its segment.)

Random Connect-flavoured policies (actions, NotAction, resources with a policy variable,
conditions of every family) are compared, and the verdict is checked against the evaluator
on many concrete requests: a verdict of "equivalent" or "narrower" with a sampled request
that the new policy allows and the old one does not would be a soundness bug.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policybuilder.core.semantics import guesses
from policybuilder.core.semantics.compare import compare
from policybuilder.core.semantics.evaluate import evaluate
from policybuilder.core.semantics.model import Request, load_policy

INSTANCE = "arn:aws:connect:us-east-1:111122223333:instance/inst-1"
ACTION_PATTERNS = [
    "connect:DescribeUser",
    "connect:ListUsers",
    "connect:Describe*",
    "connect:*",
    "iam:PassRole",
    "s3:GetObject",
    "*",
]
RESOURCES = [
    "*",
    INSTANCE,
    INSTANCE + "/*",
    "arn:aws:connect:*:*:instance/*",
    "arn:aws:s3:::b/${aws:username}/*",
    "arn:aws:s3:::b/*",
]
CONDITIONS = [
    ("Bool", "aws:MultiFactorAuthPresent", ["true"]),
    ("StringEquals", "aws:ResourceTag/Dept", ["Test"]),
    ("StringLike", "aws:ResourceTag/Dept", ["Te*"]),
    ("StringEqualsIfExists", "aws:ResourceTag/Dept", ["Prod"]),
    ("StringNotEquals", "aws:ResourceTag/Dept", ["Test"]),
    ("StringEqualsIgnoreCase", "aws:PrincipalTag/team", ["ops"]),
    ("StringEquals", "aws:PrincipalTag/team", ["${aws:username}"]),
    ("ForAnyValue:StringEquals", "aws:TagKeys", ["a", "b"]),
    ("ForAllValues:StringEquals", "aws:TagKeys", ["a"]),
    ("IpAddress", "aws:SourceIp", ["10.0.0.0/8"]),
    ("NotIpAddress", "aws:SourceIp", ["10.1.0.0/16"]),
    ("NumericLessThan", "s3:max-keys", ["10"]),
    ("DateGreaterThan", "aws:CurrentTime", ["2026-01-01T00:00:00Z"]),
    ("Null", "aws:ResourceTag/Dept", ["true"]),
    ("Null", "aws:TagKeys", ["false"]),
    ("ArnLike", "aws:SourceArn", ["arn:aws:connect:*:111122223333:instance/*"]),
    ("StringLike", "aws:PrincipalTag/team", ["${aws:username}*"]),
]
REQUEST_ACTIONS = [
    "connect:DescribeUser",
    "connect:ListUsers",
    "connect:DescribeQueue",
    "connect:DeleteUser",
    "iam:PassRole",
    "s3:GetObject",
    "ec2:DescribeInstances",
]
REQUEST_RESOURCES = [
    "*",
    INSTANCE,
    INSTANCE + "/agent/u-1",
    "arn:aws:connect:eu-west-2:444455556666:instance/other",
    "arn:aws:s3:::b/alice/report.txt",
    "arn:aws:s3:::b/bob/x",
    "arn:aws:s3:::c/alice/x",
    "arn:aws:connect:us-east-1:111122223333:extra:instance/inst-1/x",  # a * crosses a colon
]
CONTEXT_VALUES = {
    "aws:MultiFactorAuthPresent": st.sampled_from(["true", "false"]),
    "aws:ResourceTag/Dept": st.sampled_from(["Test", "Prod", "Tea", "test"]),
    "aws:PrincipalTag/team": st.sampled_from(["ops", "OPS", "alice", "alice-2", "dev"]),
    "aws:username": st.sampled_from(["alice", "bob"]),
    "aws:TagKeys": st.lists(st.sampled_from(["a", "b", "c"]), max_size=3).map(tuple),
    "aws:SourceIp": st.sampled_from(["10.0.0.1", "10.1.2.3", "192.0.2.1", "2001:db8::1"]),
    "s3:max-keys": st.sampled_from(["5", "10", "50", "abc"]),
    "aws:CurrentTime": st.sampled_from(["2025-06-01T00:00:00Z", "2027-01-01T00:00:00Z"]),
    "aws:SourceArn": st.sampled_from(
        [INSTANCE, "arn:aws:connect:us-east-1:444455556666:instance/x", "not-an-arn"]
    ),
}


@st.composite
def statements(draw):
    statement = {"Effect": draw(st.sampled_from(["Allow", "Allow", "Deny"]))}
    actions = draw(st.lists(st.sampled_from(ACTION_PATTERNS), min_size=1, max_size=3, unique=True))
    statement["NotAction" if draw(st.integers(0, 5)) == 0 else "Action"] = actions
    resources = draw(st.lists(st.sampled_from(RESOURCES), min_size=1, max_size=2, unique=True))
    statement["NotResource" if draw(st.integers(0, 6)) == 0 else "Resource"] = resources
    clauses = draw(st.lists(st.sampled_from(CONDITIONS), max_size=2, unique_by=lambda c: c[:2]))
    if clauses:
        condition: dict = {}
        for operator, key, values in clauses:
            condition.setdefault(operator, {})[key] = values
        statement["Condition"] = condition
    return statement


policies = st.lists(statements(), min_size=1, max_size=3).map(
    lambda s: {"Version": "2012-10-17", "Statement": s}
)


@st.composite
def requests(draw):
    keys = draw(st.lists(st.sampled_from(sorted(CONTEXT_VALUES)), max_size=4, unique=True))
    return Request(
        action=draw(st.sampled_from(REQUEST_ACTIONS)),
        resource=draw(st.sampled_from(REQUEST_RESOURCES)),
        context={k: draw(CONTEXT_VALUES[k]) for k in keys},
    )


def allowed(policy, request) -> bool:
    return evaluate(policy, request).decision == "allow"


def sample(old, new, drawn):
    """Drawn requests plus the plain candidates both policies suggest."""
    out = list(drawn)
    for p in (old, new):
        model = load_policy(p)
        for action in REQUEST_ACTIONS:
            out.extend(guesses.candidates(action, model.allows, True))
    return out


def assert_witnesses_confirmed(old, new, result):
    if result.broader_witness is not None:
        assert allowed(new, result.broader_witness)
        assert not allowed(old, result.broader_witness)
    if result.narrower_witness is not None:
        assert allowed(old, result.narrower_witness)
        assert not allowed(new, result.narrower_witness)


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(old=policies, new=policies, drawn=st.lists(requests(), max_size=40))
def test_no_sampled_request_contradicts_the_verdict(old, new, drawn):
    result = compare(old, new)
    assert_witnesses_confirmed(old, new, result)
    for request in sample(old, new, drawn):
        gains = allowed(new, request) and not allowed(old, request)
        loses = allowed(old, request) and not allowed(new, request)
        if result.verdict in ("equivalent", "narrower"):
            assert not gains, request
        if result.verdict in ("equivalent", "broader"):
            assert not loses, request


@PROPERTY
@given(p=policies)
def test_a_policy_compared_with_itself_is_equivalent(p):
    assert compare(p, p).verdict == "equivalent"


@PROPERTY
@given(p=policies, extra=statements())
def test_adding_an_allow_statement_never_gives_narrower(p, extra):
    extra = {**extra, "Effect": "Allow"}
    new = {**p, "Statement": [*p["Statement"], extra]}
    result = compare(p, new)
    assert result.verdict in ("equivalent", "broader", "unknown")
    assert_witnesses_confirmed(p, new, result)


@PROPERTY
@given(p=policies, extra=statements())
def test_adding_a_deny_statement_never_gives_broader(p, extra):
    extra = {**extra, "Effect": "Deny"}
    new = {**p, "Statement": [*p["Statement"], extra]}
    result = compare(p, new)
    assert result.verdict in ("equivalent", "narrower", "unknown")
    assert_witnesses_confirmed(p, new, result)


@PROPERTY
@given(p=policies, data=st.data())
def test_splitting_reordering_and_duplicating_statements_is_equivalent(p, data):
    rewritten = []
    for statement in p["Statement"]:
        element = "Action" if "Action" in statement else "NotAction"
        if element == "Action" and len(statement["Action"]) > 1:
            for action in statement["Action"]:  # one statement per action
                rewritten.append({**statement, "Action": [action]})
        else:
            rewritten.append(statement)
    rewritten = data.draw(st.permutations(rewritten))
    rewritten = [*rewritten, rewritten[0]]  # a duplicate changes nothing
    result = compare(p, {**p, "Statement": rewritten})
    assert result.verdict == "equivalent", result


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(p=policies, drawn=st.lists(requests(), min_size=1, max_size=8))
def test_each_statement_formula_agrees_with_the_evaluator_on_concrete_requests(p, drawn):
    from policybuilder.core.semantics import symbolic
    from policybuilder.core.semantics.evaluate import condition_met, resource_matches

    model = load_policy(p)
    variables = model.version == "2012-10-17"
    space = symbolic.Space([model])
    formulas = [space.statement(model, s) for s in model.statements]
    # besides the drawn requests: each statement's own plain candidates, and each of them
    # with one key left out, where the statements' details decide
    pool = list(drawn)
    for s in model.statements:
        for candidate in list(guesses.candidates("s3:GetObject", [s], variables))[:2]:
            pool.append(candidate)
            for key in candidate.context:
                rest = {k: v for k, v in candidate.context.items() if k != key}
                pool.append(Request(candidate.action, candidate.resource, rest))
    for request in pool:
        pins = space.pin(request)
        if pins is None:
            continue
        for s, formula in zip(model.statements, formulas, strict=True):
            expected = resource_matches(s, request.resource, request, variables=variables) and all(
                condition_met(s, i, request, variables=variables) for i in range(len(s.conditions))
            )
            status, _, _ = space.solve([formula, *pins], 5000)
            assert status == ("sat" if expected else "unsat"), (s, request)
