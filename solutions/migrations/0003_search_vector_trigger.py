"""Full-text search on PostgreSQL: a weighted tsvector kept by a trigger, and its GIN index.

Weights: title A, summary and tags B, description C (search ranks title hits highest).
The trigger also covers bulk inserts (demo catalogue), which bypass model save().
"""

from django.db import migrations

from common.migrations_ops import PostgresOnlySQL

FORWARD = r"""
CREATE FUNCTION solutions_solution_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(NEW.summary, '') || ' ' ||
            coalesce((SELECT string_agg(value, ' ') FROM jsonb_array_elements_text(NEW.tags)), '')), 'B') ||
        setweight(to_tsvector('english', coalesce(NEW.description, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER solutions_solution_search_vector_trigger
    BEFORE INSERT OR UPDATE OF title, summary, description, tags ON solutions_solution
    FOR EACH ROW EXECUTE FUNCTION solutions_solution_search_vector_update();

UPDATE solutions_solution SET title = title;

CREATE INDEX solutions_solution_search_vector_gin ON solutions_solution USING gin (search_vector);
CREATE INDEX solutions_solution_sectors_gin ON solutions_solution USING gin (sectors jsonb_path_ops);
"""

BACKWARD = r"""
DROP INDEX IF EXISTS solutions_solution_sectors_gin;
DROP INDEX IF EXISTS solutions_solution_search_vector_gin;
DROP TRIGGER IF EXISTS solutions_solution_search_vector_trigger ON solutions_solution;
DROP FUNCTION IF EXISTS solutions_solution_search_vector_update();
"""


class Migration(migrations.Migration):
    dependencies = [("solutions", "0002_search_term")]

    operations = [PostgresOnlySQL(FORWARD, BACKWARD)]
