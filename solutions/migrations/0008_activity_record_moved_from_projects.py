"""`ActivityRecord` (searches and recommendations followed) moves here from `projects`, the app that
records it; the table keeps its name, so only Django's state changes (no SQL), and the content type
is relabelled. `projects/0002` removes it from projects' state."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from common.migrations_ops import MoveContentTypes


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('projects', '0001_initial'),
        ('solutions', '0007_search_head_trigger'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ActivityRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('search', 'Catalogue search'), ('recommendation_followed', 'Recommendation followed')], max_length=32)),
                        ('reference', models.CharField(blank=True, max_length=100)),
                        ('query', models.CharField(blank=True, max_length=500)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='accounts.organisation')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'projects_activityrecord',
                        'ordering': ['-created_at', '-id'],
                        'indexes': [models.Index(fields=['kind', 'created_at'], name='projects_ac_kind_6f4201_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
        MoveContentTypes(models=["activityrecord"], from_app="projects", to_app="solutions"),
    ]
