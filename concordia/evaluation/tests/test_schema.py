"""A response cannot be traced to a person from the database: nothing on it points to a person
or an invitation, nothing on it is a time, and its key is random (docs/decisions/0012)."""

import uuid

from django.db import models

from concordia.evaluation.models import Response, RoundInvitation

COUNTED_UNDER = {"id", "round", "partner", "level", "role_group", "scores", "open_answers"}


def test_a_response_holds_only_what_it_is_counted_under():
    names = {f.name for f in Response._meta.get_fields()}
    assert names == COUNTED_UNDER


def test_a_response_points_to_no_person_and_no_invitation():
    targets = {f.related_model for f in Response._meta.get_fields() if f.is_relation}
    assert {t._meta.label for t in targets} == {"evaluation.Round", "alliances.Partner"}


def test_a_response_has_no_time_and_a_random_key():
    kinds = (models.DateTimeField, models.DateField, models.TimeField, models.AutoField,
             models.BigAutoField)
    assert [f.name for f in Response._meta.concrete_fields if isinstance(f, kinds)] == []
    pk = Response._meta.pk
    assert isinstance(pk, models.UUIDField)
    assert pk.default is uuid.uuid4


def test_an_invitation_says_whether_it_was_used_never_when_and_points_to_no_response():
    times = [f.name for f in RoundInvitation._meta.concrete_fields
             if isinstance(f, models.DateTimeField | models.DateField | models.TimeField)]
    assert times == []
    related = {f.related_model._meta.label for f in RoundInvitation._meta.get_fields()
               if f.is_relation}
    assert "evaluation.Response" not in related
