"""The compare page: two policies, pasted or saved, with the verdict and evaluated witnesses."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from policybuilder.teams import services

pytestmark = pytest.mark.django_db


def policy(*actions: str, deny: tuple[str, ...] = ()) -> str:
    statements = [{"Effect": "Allow", "Action": list(actions), "Resource": "*"}]
    if deny:
        statements.append({"Effect": "Deny", "Action": list(deny), "Resource": "*"})
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


LIST = policy("connect:ListUsers")
LIST_AND_DESCRIBE = policy("connect:ListUsers", "connect:DescribeUser")


def pasted(old: str, new: str) -> dict:
    return {"old_source": "paste", "old_text": old, "new_source": "paste", "new_text": new}


def test_compare_page_requires_sign_in(client):
    assert client.get("/compare/").status_code == 302


def test_compare_page_is_linked_from_the_header(signed_in):
    assert 'href="/compare/"' in signed_in.get("/").content.decode()


def test_compare_page_opens_empty_without_errors(signed_in):
    response = signed_in.get("/compare/")
    assert response.status_code == 200
    assert response.context["change"] is None
    assert "Paste a policy or choose" not in response.content.decode()


def test_compare_page_says_what_it_does_not_consider(signed_in):
    assert "permission boundaries" in signed_in.get("/compare/").content.decode()


def test_pasted_broader_policy_is_named_broader(signed_in):
    body = signed_in.post("/compare/", pasted(LIST, LIST_AND_DESCRIBE)).content.decode()
    assert "Policy B is broader than policy A" in body


def test_pasted_narrower_policy_is_named_narrower(signed_in):
    body = signed_in.post("/compare/", pasted(LIST_AND_DESCRIBE, LIST)).content.decode()
    assert "Policy B is narrower than policy A" in body


def test_the_same_policy_twice_is_equivalent(signed_in):
    body = signed_in.post("/compare/", pasted(LIST, LIST)).content.decode()
    assert "Policy B allows exactly what policy A allows" in body


def test_the_witness_is_evaluated_on_both_sides(signed_in):
    response = signed_in.post("/compare/", pasted(LIST, LIST_AND_DESCRIBE))
    (label, request_json, outcomes) = response.context["witnesses"][0]
    assert json.loads(request_json)["action"] == "connect:DescribeUser"
    assert [o.decision for o in outcomes] == ["implicit_deny", "allow"]


def test_the_witness_request_is_shown_as_json(signed_in):
    body = signed_in.post("/compare/", pasted(LIST, LIST_AND_DESCRIBE)).content.decode()
    assert "&quot;action&quot;: &quot;connect:DescribeUser&quot;" in body


def test_a_side_that_is_not_a_policy_gets_its_own_error(signed_in):
    response = signed_in.post("/compare/", pasted(LIST, "{"))
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-new" role="alert">This policy cannot be compared' in body


def test_an_empty_side_asks_for_a_policy(signed_in):
    body = signed_in.post("/compare/", pasted("", LIST)).content.decode()
    assert "Paste a policy or choose a saved one." in body


def test_pasted_text_is_escaped(signed_in):
    body = signed_in.post("/compare/", pasted("<script>x</script>", LIST)).content.decode()
    assert "<script>x</script>" not in body


# Saved templates ------------------------------------------------------------------------------


@pytest.fixture
def narrowed(saved, editor, scenario):
    values = scenario.example_values() | {"actions": ["iam:GetUser", "iam:ListUsers"]}
    services.template_save_version(template=saved, raw_values=values, base_version=1, author=editor)
    saved.refresh_from_db()
    return saved


def test_two_saved_versions_compare_from_the_url(client, viewer, narrowed):
    client.force_login(viewer)
    body = client.get(f"/compare/?old={narrowed.pk}:1&new={narrowed.pk}:2").content.decode()
    assert "Policy B is narrower than policy A" in body


def test_a_saved_version_replaces_the_pasted_text(client, viewer, narrowed):
    client.force_login(viewer)
    data = pasted(LIST, LIST) | {"old_source": f"{narrowed.pk}:1"}
    response = client.post("/compare/", data)
    assert response.context["sides"][0].text == narrowed.versions.get(number=1).document


def test_a_bare_template_id_means_its_current_version(client, viewer, narrowed):
    client.force_login(viewer)
    response = client.get(f"/compare/?old={narrowed.pk}")
    assert response.context["sides"][0].source == f"{narrowed.pk}:2"


def test_the_choices_list_the_teams_templates_and_their_versions(client, viewer, narrowed):
    client.force_login(viewer)
    body = client.get("/compare/").content.decode()
    assert f'<option value="{narrowed.pk}:2">' in body
    assert f'<option value="{narrowed.pk}:1">' in body


def test_the_choices_list_templates_shared_with_the_users_team(
    client, outsider, other_team, owner, narrowed
):
    services.template_share(template=narrowed, target_slug=other_team.slug, actor=owner)
    client.force_login(outsider)
    assert f'<option value="{narrowed.pk}:2">' in client.get("/compare/").content.decode()


def test_the_choices_leave_out_another_teams_templates(client, outsider, other_team, narrowed):
    client.force_login(outsider)
    assert f'value="{narrowed.pk}:' not in client.get("/compare/").content.decode()


def test_another_teams_template_in_the_url_is_404(client, outsider, other_team, narrowed):
    client.force_login(outsider)
    assert client.get(f"/compare/?old={narrowed.pk}:1").status_code == 404


def test_another_teams_template_posted_is_404(client, outsider, other_team, narrowed):
    client.force_login(outsider)
    data = pasted(LIST, LIST) | {"new_source": f"{narrowed.pk}:2"}
    assert client.post("/compare/", data).status_code == 404


def test_a_version_that_does_not_exist_is_404(client, viewer, narrowed):
    client.force_login(viewer)
    assert client.get(f"/compare/?old={narrowed.pk}:9").status_code == 404


def test_a_malformed_choice_is_404(client, viewer, narrowed):
    client.force_login(viewer)
    assert client.get("/compare/?old=x:1").status_code == 404


def test_a_trashed_template_is_404(client, viewer, editor, narrowed):
    services.template_trash(template=narrowed, actor=editor)
    client.force_login(viewer)
    assert client.get(f"/compare/?old={narrowed.pk}:1").status_code == 404


def test_the_version_history_links_each_version_to_the_compare_page(client, viewer, narrowed):
    client.force_login(viewer)
    page = client.get(reverse("teams:template", args=[narrowed.team.slug, narrowed.pk]))
    assert f'href="/compare/?old={narrowed.pk}:1"' in page.content.decode()


def test_the_diff_page_links_its_two_versions_to_the_compare_page(client, viewer, narrowed):
    client.force_login(viewer)
    page = client.get(reverse("teams:diff", args=[narrowed.team.slug, narrowed.pk]))
    assert f'href="/compare/?old={narrowed.pk}:1&amp;new={narrowed.pk}:2"' in page.content.decode()


def test_the_compare_form_posts_with_a_csrf_token(signed_in):
    assert "csrfmiddlewaretoken" in signed_in.get("/compare/").content.decode()
