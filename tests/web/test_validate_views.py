"""The "Validate a policy" page, and the validator's findings in the builder."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from policybuilder.core import scenarios
from policybuilder.core.validator import validate

pytestmark = pytest.mark.django_db

# AWS's Wisdom example as published: a trailing comma after the last action.
WISDOM_AS_PUBLISHED = """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "wisdom:CreateAssistant",
                "wisdom:GetAssistant",
                "wisdom:ListAssistants",
                "wisdom:DeleteAssistant",
            ],
            "Resource": "*"
        }
    ]
}
"""

MISSPELT = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "app-integartions:DeleteEventIntegration",
                "Resource": "*",
            }
        ],
    }
)


def test_validate_page_requires_sign_in(client):
    assert client.get("/validate/").status_code == 302


def test_validate_page_opens_empty(signed_in):
    body = signed_in.get("/validate/").content.decode()
    assert "Paste a policy" in body


def test_pasted_broken_policy_lists_the_syntax_error_with_its_line(signed_in):
    body = signed_in.post("/validate/", {"policy": WISDOM_AS_PUBLISHED}).content.decode()
    assert "JSON_SYNTAX_ERROR" in body
    assert 'href="#L10"' in body or 'href="#L11"' in body
    assert 'class="marked"' in body


def test_misspelt_service_is_reported_with_did_you_mean(signed_in):
    body = signed_in.post("/validate/", {"policy": MISSPELT}).content.decode()
    assert "INVALID_SERVICE_IN_ACTION" in body
    assert "app-integrations" in body


def test_uploaded_file_is_validated(signed_in):
    upload = SimpleUploadedFile("p.json", MISSPELT.encode(), content_type="application/json")
    body = signed_in.post("/validate/", {"upload": upload}).content.decode()
    assert "INVALID_SERVICE_IN_ACTION" in body


def test_upload_that_is_not_utf8_gets_a_clear_error(signed_in):
    upload = SimpleUploadedFile("p.json", b"\xff\xfe\x00{", content_type="application/json")
    response = signed_in.post("/validate/", {"upload": upload})
    assert response.status_code == 400
    assert "not UTF-8" in response.content.decode()


def test_htmx_check_returns_only_the_results_fragment(signed_in):
    response = signed_in.post("/validate/", {"policy": MISSPELT}, HTTP_HX_REQUEST="true")
    assert response.content.decode().lstrip().startswith('<section id="results"')


def test_applying_a_fix_replaces_the_text_with_the_corrected_document(signed_in):
    codes = [f.code for f in validate(WISDOM_AS_PUBLISHED, advice=True)]
    index = codes.index("JSON_SYNTAX_ERROR")
    response = signed_in.post(
        "/validate/fix", {"policy": WISDOM_AS_PUBLISHED, "finding": str(index), "quota": "managed"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Fix applied" in body
    assert "JSON_SYNTAX_ERROR" not in body


def test_a_fix_that_no_longer_applies_is_refused_with_a_message(signed_in):
    response = signed_in.post("/validate/fix", {"policy": MISSPELT, "finding": "99"})
    assert response.status_code == 400
    assert "no longer applies" in response.content.decode()


def test_download_of_a_policy_with_errors_is_refused(signed_in):
    response = signed_in.post("/validate/download", {"policy": WISDOM_AS_PUBLISHED})
    assert response.status_code == 400
    assert "Only a policy without errors can be downloaded" in response.content.decode()


def test_download_of_a_clean_policy_returns_canonical_json(signed_in):
    statement = {"Resource": "*", "Action": "wisdom:ListAssistants", "Effect": "Allow"}
    clean = json.dumps({"Statement": [statement], "Version": "2012-10-17"})
    response = signed_in.post("/validate/download", {"policy": clean, "filename": "mine"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mine.json"'
    text = response.content.decode()
    assert text.startswith('{\n    "Version": "2012-10-17",')
    assert list(json.loads(text)["Statement"][0]) == ["Effect", "Action", "Resource"]


def test_builder_preview_shows_size_against_the_chosen_quota(signed_in):
    body = signed_in.post(
        "/scenarios/wisdom-assistants/",
        {
            "actions": list(scenarios.get("wisdom-assistants").actions_param.defaults),
            "quota": "user",
        },
    ).content.decode()
    assert "of the 2,048 allowed for the inline policies of a user" in body


def test_validate_page_includes_least_privilege_advice(signed_in):
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "connect:UpdateUser*", "Resource": "*"}],
    }
    body = signed_in.post("/validate/", {"policy": json.dumps(policy)}).content.decode()
    assert "PB_WILDCARD_ACTION_EXPANSION" in body
