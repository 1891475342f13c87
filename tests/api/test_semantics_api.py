"""POST /api/simulate, /api/compare and /api/access-summary: the command line's shapes over HTTP."""

from __future__ import annotations

import json

import pytest

from policybuilder.api.api import AccessSummaryOut
from policybuilder.core.semantics.evaluate import evaluate
from policybuilder.core.semantics.model import load_policy, load_request
from policybuilder.core.semantics.summary import access_summary

INSTANCE = "arn:aws:connect:us-east-1:111122223333:instance/a1b2c3d4-5678-90ab-cdef-0123456789ab"
POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Read",
            "Effect": "Allow",
            "Action": ["connect:DescribeUser", "connect:ListUsers"],
            "Resource": "*",
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
        },
        {"Sid": "NoDeletes", "Effect": "Deny", "Action": "connect:Delete*", "Resource": "*"},
    ],
}
NARROW = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "connect:DescribeUser", "Resource": "*"}],
}
WIDER = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": ["connect:DescribeUser", "connect:DeleteUser"],
            "Resource": "*",
        }
    ],
}
MISSPELT = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "connect:DescribeUserz", "Resource": "*"}],
}


def post(client, url: str, body) -> object:
    return client.post(url, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def api(api_as, owner):
    return api_as("owner")


# --- /api/simulate ------------------------------------------------------------------------------


def test_simulate_answers_each_request_in_order_as_the_evaluator_does(api):
    requests = [
        {"action": "connect:DescribeUser", "context": {"aws:MultiFactorAuthPresent": "true"}},
        {"action": "connect:DescribeUser"},
        {"action": "connect:DeleteUser", "resource": INSTANCE + "/agent/u1"},
    ]
    response = post(api, "/api/simulate", {"policy": POLICY, "requests": requests})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["decision"] for r in results] == ["allow", "implicit_deny", "explicit_deny"]
    policy = load_policy(POLICY)
    assert results == [evaluate(policy, load_request(r)).to_dict() for r in requests]


def test_simulate_takes_the_policy_as_json_text_too(api):
    body = {"policy": json.dumps(POLICY), "requests": [{"action": "connect:ListUsers"}]}
    response = post(api, "/api/simulate", body)
    assert response.status_code == 200
    assert response.json()["results"][0]["decision"] == "implicit_deny"


def test_simulate_reads_booleans_and_lists_in_the_context(api):
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "connect:TagResource",
                "Resource": "*",
                "Condition": {
                    "Bool": {"aws:MultiFactorAuthPresent": True},
                    "ForAllValues:StringEquals": {"aws:TagKeys": ["Owner", "Env"]},
                },
            }
        ],
    }
    context = {"aws:MultiFactorAuthPresent": True, "aws:TagKeys": ["Owner"]}
    body = {"policy": policy, "requests": [{"action": "connect:TagResource", "context": context}]}
    assert post(api, "/api/simulate", body).json()["results"][0]["decision"] == "allow"


def test_simulate_refuses_an_invalid_policy_with_the_validators_findings(api):
    response = post(api, "/api/simulate", {"policy": MISSPELT, "requests": []})
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "The policy is not valid; see findings."
    assert "DescribeUserz" in body["errors"]["policy"]
    assert [f["code"] for f in body["findings"]["policy"]] == ["INVALID_ACTION"]


def test_simulate_refuses_policy_text_that_is_not_json(api):
    response = post(api, "/api/simulate", {"policy": '{"Statement": [', "requests": []})
    assert response.status_code == 400
    assert response.json()["findings"]["policy"]


def test_simulate_refuses_a_resource_based_policy(api):
    statement = {**NARROW["Statement"][0], "Principal": {"AWS": "111122223333"}}
    response = post(
        api, "/api/simulate", {"policy": {**NARROW, "Statement": [statement]}, "requests": []}
    )
    assert response.status_code == 400
    assert "policy" in response.json()["errors"]


def test_simulate_names_the_request_and_field_that_is_wrong(api):
    requests = [{"action": "connect:ListUsers"}, {"action": "ListUsers"}]
    response = post(api, "/api/simulate", {"policy": POLICY, "requests": requests})
    assert response.status_code == 400
    body = response.json()
    assert "requests[1]" in body["message"]
    assert list(body["errors"]) == ["requests[1].action"]


def test_simulate_names_a_request_without_an_action(api):
    response = post(api, "/api/simulate", {"policy": POLICY, "requests": [{"resource": "*"}]})
    assert response.status_code == 400
    assert "requests.0.action" in response.json()["errors"]


def test_simulate_refuses_a_request_field_it_does_not_know(api):
    requests = [{"action": "connect:ListUsers", "resources": "*"}]
    response = post(api, "/api/simulate", {"policy": POLICY, "requests": requests})
    assert response.status_code == 400
    assert any("resources" in field for field in response.json()["errors"])


def test_simulate_refuses_a_policy_that_is_neither_an_object_nor_text(api):
    response = post(api, "/api/simulate", {"policy": [1, 2], "requests": []})
    assert response.status_code == 400
    assert response.json()["message"]


def test_simulate_refuses_more_than_a_thousand_requests(api):
    requests = [{"action": "connect:ListUsers"}] * 1001
    response = post(api, "/api/simulate", {"policy": POLICY, "requests": requests})
    assert response.status_code == 400
    assert "requests" in response.json()["errors"]


# --- /api/compare -------------------------------------------------------------------------------


def test_compare_gives_the_verdict_and_a_witness_the_evaluator_confirms(api):
    response = post(api, "/api/compare", {"old": NARROW, "new": WIDER})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"verdict", "broader_witness", "narrower_witness", "summary"}
    assert body["verdict"] == "broader"
    witness = load_request(body["broader_witness"])
    assert evaluate(load_policy(WIDER), witness).decision == "allow"
    assert evaluate(load_policy(NARROW), witness).decision != "allow"


def test_compare_of_a_policy_with_itself_is_equivalent(api):
    body = post(api, "/api/compare", {"old": POLICY, "new": json.dumps(POLICY)}).json()
    assert (body["verdict"], body["broader_witness"], body["narrower_witness"]) == (
        "equivalent",
        None,
        None,
    )


def test_compare_names_the_side_whose_policy_is_invalid(api):
    response = post(api, "/api/compare", {"old": NARROW, "new": MISSPELT})
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "The new policy is not valid; see findings."
    assert list(body["findings"]) == ["new"]


# --- /api/access-summary ------------------------------------------------------------------------


def test_access_summary_is_the_summary_dict_of_the_core(api):
    response = post(api, "/api/access-summary", {"policy": POLICY})
    assert response.status_code == 200
    assert response.json() == access_summary(load_policy(POLICY)).to_dict()


def test_access_summary_answers_in_the_shape_its_schema_documents(api):
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
            {"Effect": "Allow", "Action": "connect:Describe*", "Resource": INSTANCE + "/queue/*"},
            {"Effect": "Deny", "Action": "connect:DeleteUser", "NotResource": INSTANCE + "/*"},
        ],
    }
    body = post(api, "/api/access-summary", {"policy": policy}).json()
    assert body["everything_except"] and body["resource_mismatches"] and body["services"]
    assert AccessSummaryOut.model_validate(body).model_dump(by_alias=True) == body


def test_access_summary_shows_a_partial_deny_under_the_key_except(api):
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "connect:DescribeUser", "Resource": "*"},
            {"Effect": "Deny", "Action": "connect:DescribeUser", "Resource": INSTANCE + "/*"},
        ],
    }
    body = post(api, "/api/access-summary", {"policy": policy}).json()
    [grant] = body["services"][0]["access_levels"][0]["actions"][0]["grants"]
    assert [e["statement"] for e in grant["except"]] == [1]


def test_access_summary_refuses_an_invalid_policy(api):
    response = post(api, "/api/access-summary", {"policy": MISSPELT})
    assert response.status_code == 400
    assert response.json()["findings"]["policy"][0]["code"] == "INVALID_ACTION"


# --- access and the schema ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/simulate", {"policy": NARROW, "requests": []}),
        ("/api/compare", {"old": NARROW, "new": NARROW}),
        ("/api/access-summary", {"policy": NARROW}),
    ],
)
def test_the_endpoints_need_a_signed_in_user_or_a_token(api_as, url, body):
    response = post(api_as("anonymous"), url, body)
    assert response.status_code == 401
    assert response.json()["message"]


def test_the_openapi_schema_types_the_three_endpoints(api):
    schema = api.get("/api/openapi.json").json()
    components = schema["components"]["schemas"]
    for path, name in [
        ("/api/simulate", "SimulateOut"),
        ("/api/compare", "CompareOut"),
        ("/api/access-summary", "AccessSummaryOut"),
    ]:
        ok = schema["paths"][path]["post"]["responses"]["200"]["content"]["application/json"]
        assert ok["schema"]["$ref"].endswith("/" + name)
    assert components["EvaluationOut"]["properties"]["decision"]["enum"] == [
        "allow",
        "explicit_deny",
        "implicit_deny",
    ]
    assert "except" in components["GrantOut"]["properties"]


def test_simulate_names_a_bad_context_value_once(api):
    requests = [{"action": "connect:ListUsers", "context": {"aws:SourceIp": {"nested": 1}}}]
    response = post(api, "/api/simulate", {"policy": POLICY, "requests": requests})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["requests[0].context.aws:SourceIp"]


def test_the_schema_says_what_a_context_value_may_be(api):
    schema = api.get("/api/openapi.json").json()
    context = schema["components"]["schemas"]["RequestIn"]["properties"]["context"]
    kinds = [k.get("type") for k in context["additionalProperties"]["anyOf"]]
    assert kinds == ["string", "number", "boolean", "array"]
