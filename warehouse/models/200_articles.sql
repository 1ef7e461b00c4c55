-- materialized: table
-- Core: one row per article, whichever interval first loaded it. The text stays in raw_articles
-- (stg_articles.article_text): held once. Kept up to date incrementally by pipeline/load.py.
WITH articles AS (
    SELECT * FROM stg_articles
),

first_load AS (
    SELECT *
    FROM articles
    QUALIFY row_number() OVER (PARTITION BY article_id ORDER BY load_date, content_hash) = 1
),

final AS (
    SELECT
        article_id,
        source_name                                                 AS outlet,
        url,
        canonical_url,
        nullif(regexp_extract(coalesce(canonical_url, url), '^[a-z]+://([^/:?#]+)', 1), '')
                                                                    AS domain,
        title,
        published_at,
        published_date,
        fetched_at,
        load_date,
        language,
        duplicate_of_article_id,
        duplicate_of_article_id IS NOT NULL                         AS is_duplicate,
        content_hash
    FROM first_load
)

SELECT * FROM final ORDER BY article_id
