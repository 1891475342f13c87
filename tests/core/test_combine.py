"""Combined policies: merged with unique Sids and no duplicates, validated, split to fit."""

from __future__ import annotations

import pytest

from policybuilder.core import scenarios
from policybuilder.core.combine import (
    COMBINED,
    Part,
    ValuesError,
    combine,
    from_stored,
    parts_from_data,
    shape_errors,
    split,
    stored_values,
)
from policybuilder.core.document import minified_size
from policybuilder.core.validator import QUOTAS, Severity


def part(slug: str, **changes) -> Part:
    return Part(slug, scenarios.get(slug).example_values() | changes)


#: The first page's twelve scenarios (all of them exceed MAX_PARTS; see
#: test_scenarios_resource_level.py for the second page's together).
ALL = [part(s.slug) for s in scenarios.SCENARIOS if s.page == scenarios.IDENTITY_PAGE]


def sids(document: dict) -> list[str]:
    return [s["Sid"] for s in document["Statement"] if "Sid" in s]


def test_one_part_combines_to_that_scenarios_own_document():
    alone = scenarios.render(scenarios.get("view-users"), part("view-users").values)
    assert combine([part("view-users")]).document == alone.document


def test_the_same_scenario_twice_keeps_one_copy_of_each_statement():
    once = combine([part("view-users")]).document
    assert combine([part("view-users"), part("view-users")]).document == once


def test_dropped_duplicates_are_reported_with_their_part():
    result = combine([part("view-users"), part("view-users")])
    assert {index for index, _ in result.duplicates} == {1}


def test_clashing_sids_are_renamed_so_every_sid_is_unique():
    # Different actions under the same Sid: not duplicates, so both stay.
    first = part("view-own-permissions", actions=["iam:GetUser"])
    second = part("view-own-permissions", actions=["iam:ListUserPolicies"])
    result = combine([first, second])
    assert len(sids(result.document)) == len(set(sids(result.document)))


def test_a_renamed_sid_is_reported_old_and_new():
    first = part("view-own-permissions", actions=["iam:GetUser"])
    second = part("view-own-permissions", actions=["iam:ListUserPolicies"])
    (rename,) = combine([first, second]).renamed
    assert (rename.part, rename.new) == (1, f"{rename.old}2")


def test_the_first_pages_scenarios_together_give_a_document_with_unique_sids():
    document = combine(ALL).document
    assert len(sids(document)) == len(set(sids(document)))


def test_the_first_pages_scenarios_together_have_no_validator_errors():
    findings = combine(ALL, "role").findings
    assert [f for f in findings if f.severity is Severity.ERROR] == []


def test_a_combination_within_the_quota_offers_no_split():
    assert combine([part("view-users")], "managed").split is None


def test_over_the_quota_every_split_document_fits():
    result = combine(ALL, "user")
    assert result.over_quota
    assert all(minified_size(b.document) <= QUOTAS["user"] for b in result.split)


def test_a_split_keeps_every_statement_exactly_once():
    result = combine(ALL, "user")
    split = [s for b in result.split for s in b.statements]
    assert sorted(map(str, split)) == sorted(map(str, result.document["Statement"]))


def test_a_split_keeps_each_scenarios_statements_together_when_they_fit():
    result = combine(ALL, "user")
    places = [index for b in result.split for index, _, _ in b.parts]
    assert len(places) == len(set(places))


def test_a_split_says_which_scenarios_went_where():
    result = combine(ALL, "user")
    placed = {slug for b in result.split for _, slug, _ in b.parts}
    assert placed == {p.scenario for p in ALL}


def test_a_part_bigger_than_the_limit_is_split_statement_by_statement():
    # Campaigns onboarding: 1,005 characters in four statements, none over 500.
    result = combine([part("campaigns-onboarding")], "user")
    bins = split(result, 600)
    assert len(bins) > 1 and all(not whole for b in bins for _, _, whole in b.parts)


def test_a_statement_bigger_than_the_limit_gets_a_document_of_its_own():
    result = combine([part("campaigns-onboarding")], "user")
    assert any(b.size > 300 and len(b.statements) == 1 for b in split(result, 300))


def test_a_part_with_bad_values_reports_its_errors_under_its_index():
    result = combine([part("view-users"), part("view-own-permissions", account="12")])
    assert set(result.errors) == {1} and "account" in result.errors[1]


def test_a_part_with_bad_values_gives_no_document():
    assert combine([part("view-own-permissions", account="12")]).document is None


def test_an_unknown_scenario_is_an_error_of_its_part():
    assert combine([Part("no-such-scenario")]).errors == {
        0: {"scenario": "There is no scenario 'no-such-scenario'."}
    }


def test_no_parts_is_an_error():
    assert not combine([]).ok


def test_a_number_where_a_list_belongs_is_a_field_error_not_a_crash():
    assert shape_errors(scenarios.get("view-users"), {"actions": True}) == {
        "actions": "Give a list of strings."
    }


def test_a_misspelt_parameter_name_is_a_field_error_not_ignored():
    assert list(shape_errors(scenarios.get("view-users"), {"acount": "111122223333"})) == ["acount"]


def test_parts_read_back_from_stored_data():
    stored = [{"scenario": "view-users", "values": {"actions": ["iam:ListUsers"]}}]
    assert parts_from_data(stored) == [Part("view-users", {"actions": ["iam:ListUsers"]})]


# Saved as a template: the reserved slug and the stored values ---------------------------


def test_no_scenario_uses_the_slug_reserved_for_combined_policies():
    assert COMBINED not in scenarios.BY_SLUG


def test_stored_values_read_back_as_the_same_parts_and_quota():
    parts = [part("view-users"), part("campaigns-read-only")]
    assert from_stored(stored_values(parts, "role")) == (parts, "role")


def test_stored_values_without_a_quota_are_for_a_managed_policy():
    assert from_stored({"parts": [{"scenario": "view-users"}]})[1] == "managed"


def test_stored_values_with_an_unknown_quota_name_the_quota():
    with pytest.raises(ValuesError) as refused:
        from_stored({"quota": "huge", "parts": []})
    assert refused.value.field == "quota"


def test_stored_values_without_a_list_of_parts_name_the_parts():
    with pytest.raises(ValuesError) as refused:
        from_stored({"quota": "managed", "parts": "view-users"})
    assert refused.value.field == "parts"


def test_errors_are_reported_per_part_by_index():
    result = combine([part("view-users"), part("campaigns-read-only", guard_regions=["mars-1"])])
    assert list(result.error_fields()) == ["parts.1"]


def test_errors_about_all_parts_are_reported_under_parts():
    assert combine([]).error_fields() == {"parts": "Add at least one scenario."}
