"""Every scenario's output passes our own validator: an ERROR or SECURITY_WARNING is a bug.

Checked for the example values, and as a property over generated parameter
values (partitions and their regions, IDs and ARNs, tags, action subsets,
every choice).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policybuilder.core import regions, scenarios
from policybuilder.core.params import (
    AccountParam,
    ActionsParam,
    ChoiceParam,
    ConnectInstanceParam,
    FixedIdParam,
    KmsKeyParam,
    NameParam,
    PartitionParam,
    RegionParam,
    ResourceIdParam,
    TagKeyParam,
    TagsParam,
)
from policybuilder.core.validator import Severity, validate

GRAVE = (Severity.ERROR, Severity.SECURITY_WARNING)


def grave_findings(text: str) -> list[str]:
    return [f"{f.code}: {f.message}" for f in validate(text) if f.severity in GRAVE]


@pytest.mark.parametrize("scenario", scenarios.SCENARIOS, ids=lambda s: s.slug)
def test_example_rendering_has_no_error_or_security_warning(scenario):
    rendering = scenarios.render(scenario, scenario.example_values())
    assert rendering.ok, rendering.errors
    assert grave_findings(rendering.text) == []


tag_text = st.text(
    alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd"), max_codepoint=0xFF)
    | st.sampled_from(list("_.:/=+-@ ")),
    min_size=1,
    max_size=24,
).filter(lambda s: s.strip() and not s.strip().lower().startswith("aws:"))

location = st.sampled_from(regions.PARTITIONS).flatmap(
    lambda p: st.tuples(st.just(p), st.sampled_from(regions.regions(p)))
)
account = st.from_regex(r"[0-9]{12}", fullmatch=True)
uuid = st.uuids().map(str)
mrk = st.from_regex(r"mrk-[0-9a-f]{32}", fullmatch=True)


@st.composite
def raw_values(draw, scenario):
    partition, region = draw(location)
    acct = draw(account)
    raw = {}
    for param in scenario.all_params:
        if isinstance(param, PartitionParam):
            raw[param.name] = partition
        elif isinstance(param, RegionParam):
            raw[param.name] = region
        elif isinstance(param, AccountParam):
            raw[param.name] = acct
        elif isinstance(param, ConnectInstanceParam):
            instance_id = draw(uuid)
            as_arn = f"arn:{partition}:connect:{region}:{acct}:instance/{instance_id}"
            raw[param.name] = draw(st.sampled_from([instance_id, as_arn]))
        elif isinstance(param, KmsKeyParam):
            key_id = draw(st.one_of(uuid, mrk))
            as_arn = f"arn:{partition}:kms:{region}:{acct}:key/{key_id}"
            raw[param.name] = draw(st.sampled_from([key_id, as_arn]))
        elif isinstance(param, TagsParam):
            keys = draw(st.lists(tag_text, min_size=1, max_size=4, unique_by=str.lower))
            raw[param.name] = [(k, draw(tag_text)) for k in keys]
        elif isinstance(param, TagKeyParam):
            raw[param.name] = draw(tag_text)
        elif isinstance(param, ResourceIdParam):
            raw[param.name] = draw(uuid)
        elif isinstance(param, NameParam):
            raw[param.name] = draw(
                st.from_regex(f"[{param.characters}]{{1,{param.max_length}}}", fullmatch=True)
            )
        elif isinstance(param, FixedIdParam):
            raw[param.name] = draw(st.from_regex(param.pattern, fullmatch=True))
        elif isinstance(param, ActionsParam):
            raw[param.name] = draw(
                st.lists(st.sampled_from(param.choices), min_size=1, unique=True)
            )
        elif isinstance(param, ChoiceParam):
            raw[param.name] = draw(st.sampled_from([v for v, _ in param.choices]))
    return raw


@pytest.mark.parametrize("scenario", scenarios.SCENARIOS, ids=lambda s: s.slug)
def test_generated_values_render_without_error_or_security_warning(scenario):
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(raw=raw_values(scenario))
    def check(raw):
        rendering = scenarios.render(scenario, raw)
        assert rendering.ok, rendering.errors
        assert grave_findings(rendering.text) == []

    check()
