"""No participant is ever in two overlapping active meetings: an exclusion constraint (PostgreSQL only).

Expressed over tstzrange(start, "end") so the table itself stays portable (plain datetime columns;
SQLite migrates and relies on the service's checks). btree_gist lets the GiST index compare the
participant id with `=` next to the range's `&&`. Ranges are half-open: back-to-back meetings are fine.
"""

from django.db import migrations

from common.migrations_ops import PostgresOnlySQL

FORWARD = r"""
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE scheduling_meetingattendance
    ADD CONSTRAINT meeting_attendance_no_overlap
    EXCLUDE USING gist (participant_id WITH =, tstzrange("start", "end", '[)') WITH &&)
    WHERE (active);
"""

BACKWARD = r"""
ALTER TABLE scheduling_meetingattendance DROP CONSTRAINT IF EXISTS meeting_attendance_no_overlap;
"""


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0001_initial")]

    operations = [PostgresOnlySQL(FORWARD, BACKWARD)]
