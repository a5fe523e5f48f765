"""Keep a solution's search vectors in its row, not in the TOAST table. PostgreSQL only.

A row longer than about 2 kB (a description of a few hundred words and its two tsvectors, more with
translations) had its largest value, `search_vector`, moved out of line: every ranked or checked
candidate then cost a TOAST index lookup and a second page, most of a search's time at 100,000
solutions (bench/search.py). `toast_tuple_target = 8160` leaves rows up to a page as they are; in
the rarer longer rows, storage MAIN makes PostgreSQL compress or move the texts first and the
vectors last.

The vectors are rewritten as they are (`|| ''` builds the same value anew), which rewrites the table
once; with synchronised scans off the rows keep their order, so a search over a large table keeps
the candidates it had (they are taken in table order up to CANDIDATE_LIMIT).
"""

from django.db import migrations

from common.migrations_ops import PostgresOnlySQL

FORWARD = """
ALTER TABLE solutions_solution SET (toast_tuple_target = 8160);
SET LOCAL synchronize_seqscans = off;
ALTER TABLE solutions_solution ALTER COLUMN search_vector TYPE tsvector USING search_vector || ''::tsvector;
ALTER TABLE solutions_solution
    ALTER COLUMN search_vector SET STORAGE MAIN,
    ALTER COLUMN search_head SET STORAGE MAIN;
"""

BACKWARD = """
ALTER TABLE solutions_solution RESET (toast_tuple_target);
ALTER TABLE solutions_solution
    ALTER COLUMN search_vector SET STORAGE EXTENDED,
    ALTER COLUMN search_head SET STORAGE EXTENDED;
"""


class Migration(migrations.Migration):
    dependencies = [("solutions", "0013_search_per_language")]

    operations = [PostgresOnlySQL(FORWARD, BACKWARD)]
