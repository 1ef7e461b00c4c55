-- Every extracted event with its article, whatever its modality (asserted, negated, conditional,
-- hypothetical, future, demanded): nothing is silently dropped.
CREATE OR REPLACE VIEW events_all_modalities AS
WITH events AS (
    SELECT * FROM stg_events
),

articles AS (
    SELECT * FROM stg_articles
),

joined AS (
    SELECT
        events.event_id,
        events.event_date,
        events.date_precision,
        events.date_basis,
        events.date_phrase,
        events.event_type,
        events.cameo_code,
        events.plover_category,
        events.goldstein,
        events.source_actor,
        events.source_actor_role,
        events.source_country,
        events.source_sector,
        events.target_actor,
        events.target_actor_role,
        events.target_country,
        events.target_sector,
        events.subject,
        events.modality,
        events.is_private,
        events.reported_by,
        events.evidence_sentence,
        events.evidence_start,
        events.evidence_end,
        events.mention_count,
        events.rule_id,
        events.confidence,
        events.extractor_version,
        articles.article_id,
        articles.title                AS article_title,
        articles.url                  AS article_url,
        articles.source_name          AS article_source,
        articles.published_date,
        events.load_date
    FROM events
    INNER JOIN articles
        ON events.article_id = articles.article_id
       AND events.load_date = articles.load_date
)

SELECT * FROM joined;
