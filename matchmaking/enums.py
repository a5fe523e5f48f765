from django.db import models


class DocumentKind(models.TextChoices):
    SOLUTION = "solution", "Solution"
    NEED = "need", "Need"
