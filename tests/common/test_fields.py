"""Free text is bounded everywhere (issue 15, medium 6): a 2 MB need description slowed matching
for everyone. Every model's TextField must carry a maximum length that `full_clean()`, model forms
and DRF model serializers enforce."""

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

from common.fields import LONG_TEXT_LENGTH, BoundedTextField
from tests.factories.catalogue import NeedFactory

OUR_APPS = {
    "accounts",
    "cities",
    "common",
    "events",
    "matchmaking",
    "notifications",
    "projects",
    "scheduling",
    "solutions",
}


def our_text_fields() -> list[str]:
    return [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField)
    ]


@pytest.mark.unit
def test_there_are_text_fields_to_check():
    assert len(our_text_fields()) >= 20


@pytest.mark.unit
@pytest.mark.parametrize("label", our_text_fields())
def test_every_text_field_of_ours_has_a_maximum_length(label):
    app_model, name = label.rsplit(".", 1)
    field = apps.get_model(app_model)._meta.get_field(name)
    assert isinstance(field, models.TextField)

    bounds = [v.limit_value for v in field.validators if isinstance(v, MaxLengthValidator)]

    assert (bounds != [], bounds == [field.max_length]) == (True, True)


@pytest.mark.unit
def test_a_bounded_text_field_gives_model_forms_the_bound():
    field = BoundedTextField(max_length=5)

    form_field = field.formfield()

    assert isinstance(form_field, forms.CharField)
    assert form_field.max_length == 5


@pytest.mark.integration
@pytest.mark.django_db
def test_full_clean_refuses_a_description_past_the_bound():
    need = NeedFactory.build(city=NeedFactory.create().city, description="x" * (LONG_TEXT_LENGTH + 1))

    with pytest.raises(ValidationError) as excinfo:
        need.full_clean(exclude=["slug"])

    assert excinfo.value.message_dict["description"] == [
        f"Ensure this value has at most {LONG_TEXT_LENGTH} characters (it has {LONG_TEXT_LENGTH + 1})."
    ]
