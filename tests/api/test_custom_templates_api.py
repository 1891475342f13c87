"""Custom policies through the JSON API: a template with the scenario `custom`."""

from __future__ import annotations

import json

INSTANCE = "a1b2c3d4-5678-90ab-cdef-0123456789ab"
LIST = "/api/teams/contact-centre/templates"


def send(client, method: str, path: str, body: dict):
    return getattr(client, method)(path, data=json.dumps(body), content_type="application/json")


def body(**resource: str) -> dict:
    return {
        "scenario": "custom",
        "name": "Instance readers",
        "values": {
            "quota": "managed",
            "statements": [
                {
                    "effect": "Allow",
                    "actions": ["connect:DescribeInstance"],
                    "resources": [
                        {
                            "type": "connect:instance",
                            "Region": "us-east-1",
                            "Account": "111122223333",
                            "InstanceId": INSTANCE,
                            **resource,
                        }
                    ],
                }
            ],
        },
    }


def test_a_custom_template_is_created_with_its_document(api_as, team):
    response = send(api_as("editor"), "post", LIST, body())
    document = json.loads(response.json()["document"])
    assert response.status_code == 201
    assert document["Statement"][0]["Resource"] == [
        f"arn:aws:connect:us-east-1:111122223333:instance/{INSTANCE}"
    ]


def test_a_custom_template_with_a_wrong_field_is_400_under_its_path(api_as, team):
    response = send(api_as("editor"), "post", LIST, body(Account="12"))
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["statements.0.resources.0.Account"]


def test_a_custom_template_reads_back_as_custom(api_as, team):
    created = send(api_as("editor"), "post", LIST, body()).json()
    read = api_as("viewer").get(f"{LIST}/{created['id']}").json()
    assert read["scenario"] == "custom"
    assert read["values"]["statements"][0]["resources"][0]["Partition"] == "aws"
