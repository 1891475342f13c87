"""An instance ARN with a misspelt resource type says so, instead of calling it a resource
inside the instance."""

from __future__ import annotations

import pytest

from policybuilder.core.params import ConnectInstanceParam, ParamError

ID = "a1b2c3d4-5678-90ab-cdef-0123456789ab"
PREFIX = "arn:aws:connect:eu-west-2:111122223333:"


@pytest.fixture
def param():
    return ConnectInstanceParam(
        name="instance", label="Amazon Connect instance", help="", example=ID
    )


def _message(param, text: str) -> str:
    with pytest.raises(ParamError) as caught:
        param.clean_text(text)
    return str(caught.value)


def test_a_misspelt_instance_type_is_named_as_a_misspelling(param):
    message = _message(param, f"{PREFIX}instanse/{ID}")
    assert "'instanse' is not 'instance'" in message


def test_a_misspelt_instance_type_is_not_called_a_resource_inside_the_instance(param):
    assert "inside the instance" not in _message(param, f"{PREFIX}instanse/{ID}")


def test_another_resource_type_names_the_type_it_has(param):
    message = _message(param, f"{PREFIX}queue/{ID}")
    assert "a queue ARN, not an instance ARN" in message


def test_an_arn_inside_the_instance_still_says_so(param):
    assert "inside the instance" in _message(param, f"{PREFIX}instance/{ID}/queue/q1")
