import factory
from factory.django import DjangoModelFactory

from notifications.enums import NotificationKind
from notifications.models import EmailPreference, Notification
from tests.factories.accounts import UserFactory


class NotificationFactory(DjangoModelFactory[Notification]):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = NotificationKind.MEETING_REQUESTED
    title = factory.Faker("sentence", nb_words=5)
    link = "/my/meetings/"


class EmailPreferenceFactory(DjangoModelFactory[EmailPreference]):
    class Meta:
        model = EmailPreference

    person = factory.SubFactory(UserFactory)
    topic = NotificationKind.MEETING_REQUESTED
    by_email = False
