"""The builder's form: fields built once per scenario, never shared state between requests."""

from __future__ import annotations

import re

from django.conf import settings
from django.http import QueryDict

from policybuilder.core import scenarios
from policybuilder.web.forms import ADVICE_APPLY, TOUCHED, ScenarioForm, TagRowsWidget

SCENARIO = scenarios.SCENARIOS[0]


def test_two_forms_of_one_scenario_have_their_own_field_objects():
    first, second = ScenarioForm(SCENARIO), ScenarioForm(SCENARIO)
    name = next(iter(first.fields))
    assert first.fields[name] is not second.fields[name]


def test_changing_one_forms_field_leaves_the_next_form_alone():
    first = ScenarioForm(SCENARIO)
    name = next(iter(first.fields))
    first.fields[name].label = "changed"
    assert ScenarioForm(SCENARIO).fields[name].label != "changed"


def test_a_forms_fields_follow_the_scenarios_parameters_in_order():
    for scenario in scenarios.SCENARIOS:
        assert list(ScenarioForm(scenario).fields) == [p.name for p in scenario.all_params]


def test_a_bound_form_does_not_leak_its_values_into_the_next():
    data = QueryDict(mutable=True)
    name = SCENARIO.params[0].name
    data[name] = "value-from-the-first-request"
    ScenarioForm(SCENARIO, data).is_valid()
    assert "value-from-the-first-request" not in str(ScenarioForm(SCENARIO))


def test_no_scenario_parameter_is_named_like_one_of_the_builder_pages_own_controls():
    # quota, filename, touched, advice_apply...: a parameter of the same name would be
    # overwritten by (or overwrite) the page's own control in every POST.
    templates = settings.BASE_DIR / "templates"
    page = (templates / "web" / "builder.html").read_text()
    # With the partials it includes (the quota field, the exports, the save panel...).
    page += "".join((templates / n).read_text() for n in re.findall(r'{% include "([^"]+)"', page))
    controls = set(re.findall(r'name="([a-z_]+)"', page)) | {TOUCHED, ADVICE_APPLY}
    parameters = {p.name for s in scenarios.SCENARIOS for p in s.all_params}
    assert controls >= {"quota", "filename", "touched"}
    assert not parameters & controls


def test_the_tag_rows_read_back_the_tags_they_wrote_into_post_data():
    data = QueryDict(mutable=True)
    TagRowsWidget.encode(data, "tags", ["Team=Blue", ("Env", "Prod"), "Owner="])
    assert TagRowsWidget.decode(data, "tags") == [("Team", "Blue"), ("Env", "Prod"), ("Owner", "")]


def test_the_tag_rows_inputs_carry_the_names_that_decode_reads():
    html = TagRowsWidget().render("tags", [("Team", "Blue")])
    assert 'name="tags_key" value="Team"' in html
    assert 'name="tags_value" value="Blue"' in html
