"""Catalogue search in each text's language (issue 18). PostgreSQL only.

* Text-search configurations `smc_<language>`: a copy of PostgreSQL's own with `unaccent` before the
  stemmer on non-ASCII words, so "congestion" finds "congestión" and case never matters.
  Korean uses `smc_simple` (lower-case, unaccent, no stemmer) plus character bigrams of Hangul words
  (`smc_hangul_bigrams`), so a query word finds the longer compound it sits in ("신호" in "교통신호")
  through the same GIN index: no pg_trgm index on 100,000 descriptions.
* `smc_search_config(language)` names the configuration of a language code; `smc_document_vector`
  builds one text's vector in its language (with bigrams for Korean).
* The search trigger indexes the original in `original_language` and every SolutionTranslation in
  its own language; a trigger on translations refreshes their solution.
"""

from django.db import migrations

from common.migrations_ops import PostgresOnlySQL

CONFIGS = {
    "english": "english_stem",
    "spanish": "spanish_stem",
    "french": "french_stem",
    "portuguese": "portuguese_stem",
    "russian": "russian_stem",
    "arabic": "arabic_stem",
    "simple": "simple",
}

CREATE_CONFIGS = "\n".join(
    f"CREATE TEXT SEARCH CONFIGURATION smc_{name} (COPY = pg_catalog.{name});\n"
    f"ALTER TEXT SEARCH CONFIGURATION smc_{name} ALTER MAPPING FOR word, hword, hword_part "
    f"WITH unaccent, {dictionary};"
    for name, dictionary in CONFIGS.items()
)
DROP_CONFIGS = "\n".join(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS smc_{name};" for name in CONFIGS)

FORWARD = f"""
CREATE EXTENSION IF NOT EXISTS unaccent;
{CREATE_CONFIGS}

CREATE FUNCTION smc_search_config(language text) RETURNS regconfig AS $$
    SELECT CASE language
        WHEN 'es' THEN 'smc_spanish' WHEN 'fr' THEN 'smc_french' WHEN 'pt' THEN 'smc_portuguese'
        WHEN 'ru' THEN 'smc_russian' WHEN 'ar' THEN 'smc_arabic' WHEN 'ko' THEN 'smc_simple'
        ELSE 'smc_english' END::regconfig
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;

-- Every two consecutive characters of each word holding Hangul ("교통신호" -> 교통 통신 신호; a
-- one-syllable word stays itself). search.py builds the same bigrams from a Korean query.
CREATE FUNCTION smc_hangul_bigrams(document text) RETURNS text AS $$
    SELECT coalesce(string_agg(substr(w, i, 2), ' '), '')
    FROM regexp_split_to_table(lower(coalesce(document, '')), '[^[:alnum:]]+') AS w,
         generate_series(1, greatest(length(w) - 1, 1)) AS i
    WHERE w ~ '[가-힣]'
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION smc_document_vector(language text, document text) RETURNS tsvector AS $$
    SELECT CASE WHEN language = 'ko'
        THEN to_tsvector('smc_simple', coalesce(document, ''))
             || to_tsvector('simple', smc_hangul_bigrams(document))
        ELSE to_tsvector(smc_search_config(language), coalesce(document, '')) END
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;

CREATE OR REPLACE FUNCTION solutions_solution_search_vector_update() RETURNS trigger AS $$
DECLARE
    translation record;
    head tsvector;
    body tsvector;
BEGIN
    head :=
        setweight(smc_document_vector(NEW.original_language, NEW.title), 'A') ||
        setweight(smc_document_vector(NEW.original_language, coalesce(NEW.summary, '') || ' ' ||
            coalesce((SELECT string_agg(value, ' ') FROM jsonb_array_elements_text(NEW.tags)), '') || ' ' ||
            coalesce((SELECT o.name FROM accounts_organisation o WHERE o.id = NEW.provider_id), '')), 'B');
    body := setweight(smc_document_vector(NEW.original_language, NEW.description), 'C');
    IF NEW.id IS NOT NULL THEN
        FOR translation IN
            SELECT language, title, summary, description FROM solutions_solutiontranslation
            WHERE solution_id = NEW.id ORDER BY language
        LOOP
            head := head
                || setweight(smc_document_vector(translation.language, translation.title), 'A')
                || setweight(smc_document_vector(translation.language, translation.summary), 'B');
            body := body
                || setweight(smc_document_vector(translation.language, translation.description), 'C');
        END LOOP;
    END IF;
    NEW.search_head := head;
    NEW.search_vector := head || body;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS solutions_solution_search_vector_trigger ON solutions_solution;
CREATE TRIGGER solutions_solution_search_vector_trigger
    BEFORE INSERT OR UPDATE OF title, summary, description, tags, provider_id, original_language
    ON solutions_solution
    FOR EACH ROW EXECUTE FUNCTION solutions_solution_search_vector_update();

CREATE FUNCTION solutions_translation_changed() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE solutions_solution SET title = title WHERE id = OLD.solution_id;
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.solution_id IS DISTINCT FROM OLD.solution_id) THEN
        UPDATE solutions_solution SET title = title WHERE id = NEW.solution_id;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER solutions_translation_changed_trigger
    AFTER INSERT OR UPDATE OR DELETE ON solutions_solutiontranslation
    FOR EACH ROW EXECUTE FUNCTION solutions_translation_changed();

UPDATE solutions_solution SET title = title;
"""  # noqa: S608 -- only the constant configuration names above are formatted in

BACKWARD = f"""
DROP TRIGGER IF EXISTS solutions_translation_changed_trigger ON solutions_solutiontranslation;
DROP FUNCTION IF EXISTS solutions_translation_changed();
DROP TRIGGER IF EXISTS solutions_solution_search_vector_trigger ON solutions_solution;
CREATE TRIGGER solutions_solution_search_vector_trigger
    BEFORE INSERT OR UPDATE OF title, summary, description, tags, provider_id ON solutions_solution
    FOR EACH ROW EXECUTE FUNCTION solutions_solution_search_vector_update();
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
DROP FUNCTION IF EXISTS smc_document_vector(text, text);
DROP FUNCTION IF EXISTS smc_hangul_bigrams(text);
DROP FUNCTION IF EXISTS smc_search_config(text);
{DROP_CONFIGS}
UPDATE solutions_solution SET title = title;
"""  # noqa: S608 -- only the constant configuration names above are formatted in


class Migration(migrations.Migration):
    dependencies = [("solutions", "0012_content_translations"), ("accounts", "0004_unaccent")]

    operations = [PostgresOnlySQL(FORWARD, BACKWARD)]
