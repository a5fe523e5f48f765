"""The matchmaking-event models move here from `matchmaking` without touching a row: their tables
keep their names (`Meta.db_table`), so this migration only tells Django's state where they live now
(`SeparateDatabaseAndState`, no SQL), and relabels their content types (so admin log entries and
permissions follow). `matchmaking/0003` removes them from matchmaking's state."""

import accounts.models
import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from common.migrations_ops import MoveContentTypes


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('matchmaking', '0002_events'),
        ('accounts', '0001_initial'),
        ('scheduling', '0002_no_double_booking'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Event',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('name', models.CharField(max_length=200)),
                        ('slug', models.SlugField(max_length=220, unique=True)),
                        ('description', models.TextField(blank=True)),
                        ('venue', models.CharField(blank=True, help_text='Address; empty for an online event.', max_length=300)),
                        ('online_url', models.URLField(blank=True, help_text='Video-call or event platform link.', max_length=500, verbose_name='online link')),
                        ('time_zone', models.CharField(max_length=64, validators=[accounts.models.validate_time_zone])),
                        ('phase', models.CharField(choices=[('registration_open', 'Registration open'), ('requests_open', 'Meeting requests open'), ('scheduling', 'Scheduling'), ('agenda_published', 'Agenda published'), ('running', 'Running'), ('closed', 'Closed')], default='registration_open', max_length=24)),
                        ('meeting_minutes', models.PositiveSmallIntegerField(default=30, validators=[django.core.validators.MinValueValidator(5), django.core.validators.MaxValueValidator(240)])),
                        ('tables', models.PositiveSmallIntegerField(default=10, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(500)])),
                        ('published_at', models.DateTimeField(blank=True, null=True)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'matchmaking_event',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='EventMeetingRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('message', models.TextField(blank=True)),
                        ('priority', models.PositiveSmallIntegerField(choices=[(1, 'Low'), (2, 'Normal'), (3, 'High')], default=2)),
                        ('status', models.CharField(choices=[('pending', 'Waiting for an answer'), ('accepted', 'Accepted'), ('declined', 'Declined'), ('no_thanks', 'No thanks')], default='pending', max_length=16)),
                        ('answered_at', models.DateTimeField(blank=True, null=True)),
                        ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meeting_requests', to='events.event')),
                        ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'matchmaking_eventmeetingrequest',
                        'ordering': ['event', '-priority', 'created_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='EventMeeting',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('table', models.PositiveSmallIntegerField(blank=True, help_text='Numbered from 1.', null=True)),
                        ('pinned', models.BooleanField(default=False)),
                        ('status', models.CharField(choices=[('scheduled', 'Scheduled'), ('moved', 'Moved'), ('held', 'Held'), ('no_show', 'No-show'), ('cancelled', 'Cancelled')], default='scheduled', max_length=16)),
                        ('published_table', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='meetings', to='events.event')),
                        ('meeting', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='event_meeting', to='scheduling.meeting')),
                        ('request', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='placement', to='events.eventmeetingrequest')),
                    ],
                    options={
                        'db_table': 'matchmaking_eventmeeting',
                        'ordering': ['event', 'slot__index', 'table', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='EventRegistration',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='registrations', to='events.event')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='event_registrations', to='accounts.organisation')),
                        ('registered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'matchmaking_eventregistration',
                        'ordering': ['event', 'organisation__name', 'id'],
                    },
                ),
                migrations.AddField(
                    model_name='eventmeetingrequest',
                    name='receiver',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='requests_received', to='events.eventregistration'),
                ),
                migrations.AddField(
                    model_name='eventmeetingrequest',
                    name='requester',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='requests_sent', to='events.eventregistration'),
                ),
                migrations.CreateModel(
                    name='EventMeetingFeedback',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('rating', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)])),
                        ('outcome', models.CharField(choices=[('no_interest', 'No interest'), ('further_contact', 'Further contact'), ('negotiation', 'Negotiation started'), ('agreement', 'Agreement')], max_length=24)),
                        ('comment', models.TextField(blank=True)),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='feedback', to='events.eventmeeting')),
                        ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('registration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='feedback', to='events.eventregistration')),
                    ],
                    options={
                        'db_table': 'matchmaking_eventmeetingfeedback',
                        'ordering': ['meeting', 'registration'],
                    },
                ),
                migrations.AddField(
                    model_name='eventmeeting',
                    name='receiver',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='events.eventregistration'),
                ),
                migrations.AddField(
                    model_name='eventmeeting',
                    name='requester',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='events.eventregistration'),
                ),
                migrations.CreateModel(
                    name='EventSession',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField()),
                        ('name', models.CharField(help_text='e.g. Morning, Afternoon.', max_length=60)),
                        ('start_time', models.TimeField()),
                        ('slot_count', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(48)])),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sessions', to='events.event')),
                    ],
                    options={
                        'db_table': 'matchmaking_eventsession',
                        'ordering': ['event', 'day', 'start_time', 'id'],
                    },
                ),
                migrations.AddField(
                    model_name='eventmeetingrequest',
                    name='session_wish',
                    field=models.ForeignKey(blank=True, help_text='Empty: any session.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='events.eventsession'),
                ),
                migrations.CreateModel(
                    name='EventSlot',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('index', models.PositiveIntegerField()),
                        ('start', models.DateTimeField()),
                        ('end', models.DateTimeField()),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='slots', to='events.event')),
                        ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='slots', to='events.eventsession')),
                    ],
                    options={
                        'db_table': 'matchmaking_eventslot',
                        'ordering': ['event', 'index'],
                    },
                ),
                migrations.CreateModel(
                    name='EventSeat',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='seats', to='events.eventmeeting')),
                        ('registration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='seats', to='events.eventregistration')),
                        ('slot', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='seats', to='events.eventslot')),
                    ],
                    options={
                        'db_table': 'matchmaking_eventseat',
                        'ordering': ['slot', 'registration'],
                    },
                ),
                migrations.CreateModel(
                    name='EventRepresentative',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('checked_in_at', models.DateTimeField(blank=True, null=True)),
                        ('checked_in_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('registration', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='representatives', to='events.eventregistration')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='event_roles', to=settings.AUTH_USER_MODEL)),
                        ('unavailable_slots', models.ManyToManyField(blank=True, related_name='unavailable_representatives', to='events.eventslot')),
                    ],
                    options={
                        'db_table': 'matchmaking_eventrepresentative',
                        'ordering': ['registration', 'user__last_name', 'user__first_name', 'id'],
                    },
                ),
                migrations.AddField(
                    model_name='eventmeeting',
                    name='published_slot',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='events.eventslot'),
                ),
                migrations.AddField(
                    model_name='eventmeeting',
                    name='slot',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='meetings', to='events.eventslot'),
                ),
                migrations.CreateModel(
                    name='ScheduleRun',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('running', 'Running'), ('done', 'Done'), ('failed', 'Failed')], default='running', max_length=16)),
                        ('solver_status', models.CharField(blank=True, help_text='optimal, feasible, infeasible, unknown', max_length=16)),
                        ('time_limit_s', models.FloatField()),
                        ('started_at', models.DateTimeField(auto_now_add=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('seconds', models.FloatField(blank=True, null=True)),
                        ('requested', models.PositiveIntegerField(default=0, help_text='Accepted requests given to the solver.')),
                        ('placed', models.PositiveIntegerField(default=0)),
                        ('pinned', models.PositiveIntegerField(default=0)),
                        ('total_breaks', models.PositiveIntegerField(blank=True, null=True)),
                        ('break_spread', models.PositiveIntegerField(blank=True, null=True)),
                        ('problems', models.JSONField(blank=True, default=list, help_text='Why not everything was placed.')),
                        ('applied', models.BooleanField(default=False, help_text='Whether its placements became the draft.')),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='runs', to='events.event')),
                        ('started_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'matchmaking_schedulerun',
                        'ordering': ['event', '-started_at', '-id'],
                        'get_latest_by': 'started_at',
                    },
                ),
                migrations.AddConstraint(
                    model_name='event',
                    constraint=models.CheckConstraint(condition=models.Q(('meeting_minutes__gte', 5), ('meeting_minutes__lte', 240)), name='event_meeting_minutes_range'),
                ),
                migrations.AddConstraint(
                    model_name='event',
                    constraint=models.CheckConstraint(condition=models.Q(('tables__gte', 1), ('tables__lte', 500)), name='event_tables_range'),
                ),
                migrations.AddConstraint(
                    model_name='event',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('venue', ''), _negated=True), models.Q(('online_url', ''), _negated=True), _connector='OR'), name='event_has_venue_or_online_link'),
                ),
                migrations.AddConstraint(
                    model_name='eventregistration',
                    constraint=models.UniqueConstraint(fields=('event', 'organisation'), name='event_registration_unique_org'),
                ),
                migrations.AddConstraint(
                    model_name='eventmeetingfeedback',
                    constraint=models.UniqueConstraint(fields=('meeting', 'registration'), name='event_feedback_one_per_side'),
                ),
                migrations.AddConstraint(
                    model_name='eventmeetingfeedback',
                    constraint=models.CheckConstraint(condition=models.Q(('rating__gte', 1), ('rating__lte', 5)), name='event_feedback_rating_range'),
                ),
                migrations.AddConstraint(
                    model_name='eventsession',
                    constraint=models.UniqueConstraint(fields=('event', 'day', 'start_time'), name='event_session_unique_start'),
                ),
                migrations.AddConstraint(
                    model_name='eventsession',
                    constraint=models.CheckConstraint(condition=models.Q(('slot_count__gte', 1), ('slot_count__lte', 48)), name='event_session_slot_count_range'),
                ),
                migrations.AddIndex(
                    model_name='eventmeetingrequest',
                    index=models.Index(fields=['event', 'status'], name='matchmaking_event_i_bfb25a_idx'),
                ),
                migrations.AddConstraint(
                    model_name='eventmeetingrequest',
                    constraint=models.UniqueConstraint(fields=('requester', 'receiver'), name='event_request_unique_pair'),
                ),
                migrations.AddConstraint(
                    model_name='eventmeetingrequest',
                    constraint=models.CheckConstraint(condition=models.Q(('requester', models.F('receiver')), _negated=True), name='event_request_two_parties'),
                ),
                migrations.AddConstraint(
                    model_name='eventslot',
                    constraint=models.UniqueConstraint(fields=('event', 'index'), name='event_slot_unique_index'),
                ),
                migrations.AddConstraint(
                    model_name='eventslot',
                    constraint=models.CheckConstraint(condition=models.Q(('end__gt', models.F('start'))), name='event_slot_in_order'),
                ),
                migrations.AddConstraint(
                    model_name='eventseat',
                    constraint=models.UniqueConstraint(fields=('registration', 'slot'), name='event_seat_one_per_slot'),
                ),
                migrations.AddConstraint(
                    model_name='eventseat',
                    constraint=models.UniqueConstraint(fields=('meeting', 'registration'), name='event_seat_unique'),
                ),
                migrations.AddConstraint(
                    model_name='eventrepresentative',
                    constraint=models.UniqueConstraint(fields=('registration', 'user'), name='event_representative_unique'),
                ),
                migrations.AddConstraint(
                    model_name='eventmeeting',
                    constraint=models.UniqueConstraint(fields=('event', 'slot', 'table'), name='event_meeting_one_per_table_slot'),
                ),
                migrations.AddConstraint(
                    model_name='eventmeeting',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('slot__isnull', True), ('table__isnull', True)), models.Q(('slot__isnull', False), ('table__gte', 1)), _connector='OR'), name='event_meeting_slot_and_table_together'),
                ),
                migrations.AddConstraint(
                    model_name='eventmeeting',
                    constraint=models.CheckConstraint(condition=models.Q(('pinned', False), ('slot__isnull', False), _connector='OR'), name='event_meeting_pinned_is_placed'),
                ),
            ],
            database_operations=[],
        ),
        MoveContentTypes(
            models=[
                "event",
                "eventsession",
                "eventslot",
                "eventregistration",
                "eventrepresentative",
                "eventmeetingrequest",
                "schedulerun",
                "eventmeeting",
                "eventseat",
                "eventmeetingfeedback",
            ],
            from_app="matchmaking",
            to_app="events",
        ),
    ]
