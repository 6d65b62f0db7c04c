"""factory_boy factories for actions, risks and their quarterly updates and reviews."""

import datetime

import factory

from cpboard.quarters import FinancialQuarter
from strategy.models import Action, ActionUpdate, Risk, RiskReview, Status
from tests.factories import OutcomeFactory, UserFactory


class ActionFactory(factory.django.DjangoModelFactory):
    """An action of the plan, on track, due in a year."""

    class Meta:
        model = Action

    outcome = factory.SubFactory(OutcomeFactory)
    reference = factory.Sequence(lambda n: f"9.{n}")
    title = factory.Sequence(lambda n: f"Test action {n}")
    owner = factory.SubFactory(UserFactory)
    due_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=365))
    status = Status.ON_TRACK


class ActionUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionUpdate

    action = factory.SubFactory(ActionFactory)
    quarter = FinancialQuarter(2024, 3)
    status = Status.ON_TRACK
    note = "Going to plan."


class RiskFactory(factory.django.DjangoModelFactory):
    """An open risk rated CII (unlikely, major), targeted DIII, review due in a month."""

    class Meta:
        model = Risk

    reference = factory.Sequence(lambda n: f"R{n:03d}")
    title = factory.Sequence(lambda n: f"Test risk {n}")
    owner = factory.SubFactory(UserFactory)
    outcome = factory.SubFactory(OutcomeFactory)
    likelihood = "C"
    impact = "II"
    target_likelihood = "D"
    target_impact = "III"
    review_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=30))
    opened_on = datetime.date(2024, 4, 1)


class RiskReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskReview

    risk = factory.SubFactory(RiskFactory)
    quarter = FinancialQuarter(2024, 3)
    reviewed_on = datetime.date(2025, 1, 10)
    likelihood = "C"
    impact = "II"
    note = "Reviewed."
