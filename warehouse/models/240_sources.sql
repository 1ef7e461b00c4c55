-- Core: one row per outlet (the publisher an article came from), with its volume and reach.
-- A view: its counts span every article and mention, so keeping it as a table would cost each
-- load a scan of the whole history; forty-odd outlets are cheap to count when asked.
CREATE OR REPLACE VIEW sources AS
WITH core_articles AS (
    SELECT * FROM articles
),

mentions AS (
    SELECT * FROM event_mentions
),

article_stats AS (
    SELECT
        outlet,
        count(*)                                            AS article_count,
        count(*) FILTER (WHERE is_duplicate)                AS duplicate_article_count,
        min(published_at)                                   AS first_published_at,
        max(published_at)                                   AS last_published_at,
        min(load_date)                                      AS first_load_date,
        max(load_date)                                      AS last_load_date
    FROM core_articles
    GROUP BY outlet
),

domains AS (
    SELECT outlet, domain
    FROM core_articles
    WHERE domain IS NOT NULL
    GROUP BY outlet, domain
    QUALIFY row_number() OVER (PARTITION BY outlet ORDER BY count(*) DESC, domain) = 1
),

mention_stats AS (
    SELECT
        outlet,
        count(*)                                            AS mention_count,
        count(DISTINCT extraction_id)                       AS extraction_count,
        count(DISTINCT event_id)                            AS event_count
    FROM mentions
    GROUP BY outlet
),

final AS (
    SELECT
        substr(md5('outlet:' || article_stats.outlet), 1, 16) AS source_id,
        article_stats.outlet,
        domains.domain,
        article_stats.article_count,
        article_stats.duplicate_article_count,
        coalesce(mention_stats.mention_count, 0)            AS mention_count,
        coalesce(mention_stats.extraction_count, 0)         AS extraction_count,
        coalesce(mention_stats.event_count, 0)              AS event_count,
        article_stats.first_published_at,
        article_stats.last_published_at,
        article_stats.first_load_date,
        article_stats.last_load_date
    FROM article_stats
    LEFT JOIN domains USING (outlet)
    LEFT JOIN mention_stats USING (outlet)
)

SELECT * FROM final ORDER BY outlet;
