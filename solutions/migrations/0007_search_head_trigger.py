"""Keep `search_head` (title A, summary and tags B) beside `search_vector`, with its own GIN index."""

from django.db import migrations

from common.migrations_ops import PostgresOnlySQL

FORWARD = r"""
CREATE OR REPLACE FUNCTION solutions_solution_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_head :=
        setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(NEW.summary, '') || ' ' ||
            coalesce((SELECT string_agg(value, ' ') FROM jsonb_array_elements_text(NEW.tags)), '')), 'B');
    NEW.search_vector :=
        NEW.search_head || setweight(to_tsvector('english', coalesce(NEW.description, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

UPDATE solutions_solution SET title = title;

CREATE INDEX solutions_solution_search_head_gin ON solutions_solution USING gin (search_head);
"""

BACKWARD = r"""
DROP INDEX IF EXISTS solutions_solution_search_head_gin;
CREATE OR REPLACE FUNCTION solutions_solution_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(NEW.summary, '') || ' ' ||
            coalesce((SELECT string_agg(value, ' ') FROM jsonb_array_elements_text(NEW.tags)), '')), 'B') ||
        setweight(to_tsvector('english', coalesce(NEW.description, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [("solutions", "0006_search_head")]

    operations = [PostgresOnlySQL(FORWARD, BACKWARD)]
