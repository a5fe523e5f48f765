"""`ActivityRecord` moved to `solutions` (see `solutions/0008`): state only, the table stays."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0001_initial'),
        ('solutions', '0008_activity_record_moved_from_projects'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='ActivityRecord')],
            database_operations=[],
        ),
    ]
