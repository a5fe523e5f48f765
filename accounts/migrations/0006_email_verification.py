from django.db import migrations, models


def mark_existing_accounts_verified(apps, schema_editor):
    # Accounts made before verification existed were made by staff imports, invitations (whose
    # link went to that address) or people who have been receiving our mail since: locking them
    # out of booking until they click a link nobody sent them would punish the members we have.
    apps.get_model("accounts", "User").objects.update(email_verified=True)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_api_tokens'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='email_verification_sent_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='user',
            name='email_verified',
            field=models.BooleanField(default=False, verbose_name='e-mail address verified'),
        ),
        migrations.AddField(
            model_name='user',
            name='pending_email',
            field=models.EmailField(blank=True, max_length=254, verbose_name='new e-mail address (not verified yet)'),
        ),
        migrations.RunPython(mark_existing_accounts_verified, migrations.RunPython.noop),
    ]
