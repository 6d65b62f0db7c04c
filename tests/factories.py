"""factory_boy factories for test data."""

import factory
from django.contrib.auth import get_user_model

from cpboard import roles
from strategy.models import Outcome, Strategy
from subgroups.models import BoardGroup

PASSWORD = "a-test-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(user, create, role: roles.Role | None, **kwargs):
        user.save()
        if create and role is not None:
            roles.assign_role(user, role)


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardGroup
        django_get_or_create = ("slug",)

    name = "Corporate Parenting Board"
    slug = "corporate-parenting-board"
    kind = BoardGroup.Kind.BOARD
    remit = "Oversees the council's duties as corporate parent."
    position = 0


class SubgroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardGroup

    name = factory.Sequence(lambda n: f"Sub-group {n}")
    slug = factory.Sequence(lambda n: f"sub-group-{n}")
    kind = BoardGroup.Kind.SUBGROUP
    reports_to = factory.SubFactory(BoardFactory)
    remit = "Looks after one part of the strategy. Reports to the Board."
    meeting_frequency = BoardGroup.Frequency.QUARTERLY
    position = factory.Sequence(lambda n: n + 1)


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    title = factory.Sequence(lambda n: f"Corporate Parenting Strategy {n}")
    starts = 2024
    ends = 2027
    status = Strategy.Status.APPROVED
    approved_by = "Cabinet"


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome
        skip_postgeneration_save = True

    strategy = factory.SubFactory(StrategyFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Outcome title {n}")
    lead_group = factory.SubFactory(SubgroupFactory)

    @factory.post_generation
    def principles(outcome, create, principles, **kwargs):
        if create and principles:
            outcome.principles.set(principles)
