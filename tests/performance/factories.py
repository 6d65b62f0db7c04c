"""factory_boy factories for KPIs, their targets and quarterly figures."""

from decimal import Decimal

import factory

from cpboard.quarters import FinancialQuarter
from performance.judgement import Polarity, Unit
from performance.models import Kpi, Measurement, Target
from tests.factories import SubgroupFactory, UserFactory


class KpiFactory(factory.django.DjangoModelFactory):
    """A quarterly count KPI, higher is better, owned by nobody."""

    class Meta:
        model = Kpi
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"KPI-{n:03d}")
    title = factory.Sequence(lambda n: f"Test measure {n}")
    definition = "What is counted, in plain English."
    definition_year = 2023
    unit = Unit.COUNT
    polarity = Polarity.HIGHER
    subgroup = factory.SubFactory(SubgroupFactory)

    class Params:
        percentage = factory.Trait(unit=Unit.PERCENTAGE)
        context = factory.Trait(polarity=Polarity.CONTEXT)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    kpi = factory.SubFactory(KpiFactory)
    applies_from = 2024
    target = Decimal("80")
    amber_threshold = Decimal("70")


class MeasurementFactory(factory.django.DjangoModelFactory):
    """A submitted figure for 2024-25 Q3."""

    class Meta:
        model = Measurement

    kpi = factory.SubFactory(KpiFactory)
    quarter = FinancialQuarter(2024, 3)
    value = Decimal("12")
    definition_year = factory.SelfAttribute("kpi.definition_year")
    status = Measurement.Status.SUBMITTED
    entered_by = factory.SubFactory(UserFactory)
