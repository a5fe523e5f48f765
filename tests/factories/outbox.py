import factory
from factory.django import DjangoModelFactory

from outbox.enums import OutboxStatus
from outbox.models import OutboxMessage


class OutboxMessageFactory(DjangoModelFactory[OutboxMessage]):
    class Meta:
        model = OutboxMessage

    key = factory.Sequence(lambda n: f"test:{n}")
    from_email = "Solutions Meet Cities <noreply@localhost>"
    to = factory.LazyFunction(lambda: ["someone@example.org"])
    subject = factory.Faker("sentence", nb_words=4)
    body = factory.Faker("paragraph")
    status = OutboxStatus.QUEUED
