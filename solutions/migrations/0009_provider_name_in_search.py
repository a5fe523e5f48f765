"""Provider names are searchable: the search trigger adds the provider's name to `search_head`
(weight B, like the summary), re-runs when a solution changes provider, and a trigger on
organisations refreshes their solutions when a provider is renamed. PostgreSQL only."""

from django.db import migrations

from common.migrations_ops import PostgresOnlySQL

FORWARD = r"""
CREATE OR REPLACE FUNCTION solutions_solution_search_vector_update() RETURNS trigger AS $$
BEGIN
    NEW.search_head :=
        setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(NEW.summary, '') || ' ' ||
            coalesce((SELECT string_agg(value, ' ') FROM jsonb_array_elements_text(NEW.tags)), '') || ' ' ||
            coalesce((SELECT o.name FROM accounts_organisation o WHERE o.id = NEW.provider_id), '')), 'B');
    NEW.search_vector :=
        NEW.search_head || setweight(to_tsvector('english', coalesce(NEW.description, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS solutions_solution_search_vector_trigger ON solutions_solution;
CREATE TRIGGER solutions_solution_search_vector_trigger
    BEFORE INSERT OR UPDATE OF title, summary, description, tags, provider_id ON solutions_solution
    FOR EACH ROW EXECUTE FUNCTION solutions_solution_search_vector_update();

CREATE FUNCTION solutions_provider_renamed() RETURNS trigger AS $$
BEGIN
    UPDATE solutions_solution SET title = title WHERE provider_id = NEW.id;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER solutions_provider_renamed_trigger
    AFTER UPDATE OF name ON accounts_organisation
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION solutions_provider_renamed();

UPDATE solutions_solution SET title = title;
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS solutions_provider_renamed_trigger ON accounts_organisation;
DROP FUNCTION IF EXISTS solutions_provider_renamed();
DROP TRIGGER IF EXISTS solutions_solution_search_vector_trigger ON solutions_solution;
CREATE TRIGGER solutions_solution_search_vector_trigger
    BEFORE INSERT OR UPDATE OF title, summary, description, tags ON solutions_solution
    FOR EACH ROW EXECUTE FUNCTION solutions_solution_search_vector_update();
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
"""


class Migration(migrations.Migration):
    dependencies = [("solutions", "0008_activity_record_moved_from_projects"), ("accounts", "0004_unaccent")]

    operations = [PostgresOnlySQL(FORWARD, BACKWARD)]
