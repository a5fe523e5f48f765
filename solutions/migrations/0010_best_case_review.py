"""Best cases are reviewed (issue 14): "draft" becomes "submitted" (under review), staff may send a
case back with a reason ("returned")."""

from django.conf import settings
from django.db import migrations, models


def drafts_are_submitted(apps, schema_editor):
    apps.get_model("solutions", "BestCase").objects.filter(status="draft").update(status="submitted")


def submitted_are_drafts(apps, schema_editor):
    apps.get_model("solutions", "BestCase").objects.exclude(status="published").update(
        status="draft", return_reason=""
    )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_unaccent'),
        ('solutions', '0009_provider_name_in_search'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='bestcase',
            name='return_reason',
            field=models.TextField(blank=True),
        ),
        migrations.AlterField(
            model_name='bestcase',
            name='status',
            field=models.CharField(choices=[('submitted', 'Under review'), ('returned', 'Sent back for changes'), ('published', 'Published')], default='submitted', max_length=16),
        ),
        migrations.RunPython(drafts_are_submitted, submitted_are_drafts),
        migrations.AddIndex(
            model_name='bestcase',
            index=models.Index(fields=['status', 'created_at'], name='solutions_b_status_26873b_idx'),
        ),
        migrations.AddConstraint(
            model_name='bestcase',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'returned'), _negated=True), models.Q(('return_reason', ''), _negated=True), _connector='OR'), name='best_case_returned_with_reason'),
        ),
    ]
