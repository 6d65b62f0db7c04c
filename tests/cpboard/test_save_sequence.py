"""The one save sequence (cpboard.services.model_update): it saves only a real change, refuses
an invalid or stale save leaving the row as it was, records who changed it, and locks the row."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from cpboard.history import StaleEdit, latest_change
from cpboard.services import model_create, model_update
from strategy.models import Outcome, Principle
from tests.factories import OutcomeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_change_is_saved_in_one_history_record_against_who_made_it():
    outcome = OutcomeFactory(title="Old title")
    secretary = UserFactory()

    _, changed = model_update(instance=outcome, fields={"title": "New title"}, changed_by=secretary)

    assert changed
    outcome.refresh_from_db()
    assert outcome.title == "New title"
    latest = outcome.history.order_by("-history_id").first()
    assert (latest.title, latest.history_user) == ("New title", secretary)
    assert outcome.history.count() == 2


def test_nothing_changed_saves_nothing_unless_every_save_is_recorded():
    outcome = OutcomeFactory(title="Same")

    _, changed = model_update(instance=outcome, fields={"title": "Same"}, changed_by=None)
    assert not changed
    assert outcome.history.count() == 1

    model_update(instance=outcome, fields={"title": "Same"}, changed_by=None, save_unchanged=True)
    assert outcome.history.count() == 2


def test_a_change_a_form_already_made_on_the_instance_is_still_seen():
    # A ModelForm sets the instance's fields before the service runs; the stored row says
    # what changed.
    outcome = OutcomeFactory(title="Old title")
    outcome.title = "Typed in the form"

    _, changed = model_update(
        instance=outcome, fields={"title": "Typed in the form"}, changed_by=None
    )

    assert changed
    assert Outcome.objects.get(pk=outcome.pk).title == "Typed in the form"


def test_only_the_named_fields_are_set():
    outcome = OutcomeFactory(title="Title", description="Kept")

    model_update(
        instance=outcome,
        fields=["title"],
        data={"title": "New", "description": "Not named"},
        changed_by=None,
    )

    outcome.refresh_from_db()
    assert (outcome.title, outcome.description) == ("New", "Kept")


def test_an_invalid_change_is_refused_and_the_row_stays_as_it_was():
    outcome = OutcomeFactory(title="Valid")

    with pytest.raises(ValidationError) as refused:
        model_update(instance=outcome, fields={"title": ""}, changed_by=None)

    assert "title" in refused.value.message_dict
    assert Outcome.objects.get(pk=outcome.pk).title == "Valid"
    assert outcome.history.count() == 1


def test_a_save_from_a_form_opened_before_someone_elses_change_is_refused():
    outcome = OutcomeFactory(title="First")
    seen = latest_change(outcome)
    other = UserFactory(first_name="Olive", last_name="Officer")
    model_update(instance=outcome, fields={"title": "Theirs"}, changed_by=other)

    with pytest.raises(StaleEdit) as refused:
        model_update(instance=outcome, fields={"title": "Mine"}, changed_by=None, seen_change=seen)

    assert refused.value.message.startswith("Olive Officer changed this at ")
    assert "your changes were not saved" in refused.value.message
    assert Outcome.objects.get(pk=outcome.pk).title == "Theirs"


def test_many_to_many_fields_are_recorded_with_the_edit_in_one_history_record():
    outcome = OutcomeFactory()
    principles = list(Principle.objects.all()[:2])

    model_update(instance=outcome, fields={"principles": principles}, changed_by=None)

    assert outcome.history.count() == 2
    latest = outcome.history.order_by("-history_id").first()
    assert {p.principle_id for p in latest.principles.all()} == {p.pk for p in principles}


def test_a_new_row_starts_its_history_with_who_added_it():
    template = OutcomeFactory()
    secretary = UserFactory()

    outcome = model_create(
        model=Outcome,
        fields={
            "strategy": template.strategy,
            "number": template.number + 1,
            "title": "Added",
            "lead_group": template.lead_group,
        },
        changed_by=secretary,
    )

    assert outcome.pk is not None
    assert [(h.history_type, h.history_user) for h in outcome.history.all()] == [("+", secretary)]


def test_the_row_is_locked_for_update(settings):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks; run with DATABASE_URL=postgres://...")
    outcome = OutcomeFactory()

    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        model_update(instance=outcome, fields={"title": "Locked"}, changed_by=None)

    locking = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert len(locking) == 1
    assert 'FROM "strategy_outcome"' in locking[0]
