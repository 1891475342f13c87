"""The validate page grades the size as Access Analyzer does until a quota is chosen."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db

# 8,000-odd characters: over a managed policy's 6,144, under a role's 10,240.
BIG = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "s3:GetObject",
                "Resource": [f"arn:aws:s3:::bucket-{i:05d}/*" for i in range(290)],
            }
        ],
    }
)


def test_with_no_quota_chosen_a_policy_over_the_managed_quota_can_be_downloaded(signed_in):
    response = signed_in.post("/validate/download", {"policy": BIG, "filename": "big"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]


def test_with_the_managed_quota_chosen_the_same_policy_is_refused(signed_in):
    response = signed_in.post(
        "/validate/download", {"policy": BIG, "filename": "big", "quota": "managed"}
    )
    assert "attachment" not in response.get("Content-Disposition", "")


def test_the_validate_page_offers_no_quota_chosen_and_selects_it_by_default(signed_in):
    body = signed_in.get("/validate/").content.decode()
    assert '<option value="" selected>Not chosen' in body


def test_the_over_quota_finding_names_the_real_percentage(signed_in):
    body = signed_in.post("/validate/", {"policy": BIG, "quota": "managed"}).content.decode()
    assert "PB_POLICY_SIZE_EXCEEDS_QUOTA" in body and "% of the 6,144 allowed" in body
