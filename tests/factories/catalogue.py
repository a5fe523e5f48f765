import factory
from factory.django import DjangoModelFactory

from cities.models import Need
from solutions.enums import Maturity, SolutionStatus
from solutions.models import BestCase, Solution, SolutionTranslation
from tests.factories.accounts import CorporationFactory, OrganisationFactory


class SolutionFactory(DjangoModelFactory[Solution]):
    class Meta:
        model = Solution

    provider = factory.SubFactory(CorporationFactory)
    title = factory.Sequence(lambda n: f"Solution {n}")
    slug = factory.Sequence(lambda n: f"solution-{n}")
    summary = "A useful smart-city offering."
    description = "It helps cities deliver better public services to their residents."
    sectors = factory.LazyFunction(lambda: ["governance"])
    maturity = Maturity.DEPLOYED
    status = SolutionStatus.PUBLISHED


class NeedFactory(DjangoModelFactory[Need]):
    class Meta:
        model = Need

    city = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Need {n}")
    slug = factory.Sequence(lambda n: f"need-{n}")
    description = "Our residents wait too long for permits."
    sectors = factory.LazyFunction(lambda: ["governance"])


class BestCaseFactory(DjangoModelFactory[BestCase]):
    class Meta:
        model = BestCase

    city = factory.SubFactory(OrganisationFactory)
    solution = factory.SubFactory(SolutionFactory)
    title = factory.Sequence(lambda n: f"Best case {n}")
    problem = "Long queues."
    approach = "Online permits."
    results = "Queues halved."


class SolutionTranslationFactory(DjangoModelFactory[SolutionTranslation]):
    """A Spanish translation by default."""

    class Meta:
        model = SolutionTranslation

    solution = factory.SubFactory(SolutionFactory)
    language = "es"
    title = factory.Sequence(lambda n: f"Solución {n}")
    summary = "Una oferta útil para ciudades inteligentes."
    description = "Ayuda a las ciudades a prestar mejores servicios públicos a sus vecinos."
