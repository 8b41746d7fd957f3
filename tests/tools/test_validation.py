"""field_errors: pydantic errors as {field path: sentence}, for the API and the HTML forms."""

import pytest
from pydantic import BaseModel, Field, ValidationError, field_validator

from leadcapture.tools.validation import NON_FIELD, field_errors


class Line(BaseModel):
    code: str = Field(min_length=2)
    quantity: int = 1


class Order(BaseModel):
    lines: list[Line]
    tags: dict[str, int] = {}
    note: str = ""

    @field_validator("note")
    @classmethod
    def _polite(cls, note: str) -> str:
        if "!" in note:
            raise ValueError("no shouting")
        return note


def errors(data) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        Order.model_validate(data)
    return field_errors(caught.value)


def test_nested_paths_are_joined_with_dots_and_list_indexes():
    assert errors({"lines": [{"code": "ab"}, {"code": "a", "quantity": "many"}]}) == {
        "lines.1.code": "String should have at least 2 characters.",
        "lines.1.quantity": "Input should be a valid integer, unable to parse string as an integer.",
    }


def test_dict_values_and_keys_are_named_by_key():
    assert errors({"lines": [], "tags": {"a": "x"}}) == {
        "tags.a": "Input should be a valid integer, unable to parse string as an integer."
    }


def test_value_errors_lose_their_prefix_and_become_sentences():
    assert errors({"lines": [], "note": "hi!"}) == {"note": "No shouting."}


def test_missing_fields_and_a_body_that_is_no_object():
    assert errors({}) == {"lines": "This field is required."}
    assert list(errors("text")) == [NON_FIELD]
