from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    SOLUTION = "solution", _("Solution")
    NEED = "need", _("Need")
