-- Mart: one row per real-world event and article reporting it, whatever its modality: the
-- article's URL, outlet, title and publication time, and the sentence that reports the event
-- there (its first mention in that article), with the date that article gives.
CREATE OR REPLACE VIEW mart_event_reports_all_modalities AS
WITH events AS (
    SELECT * FROM mart_events_all_modalities
),

mentions AS (
    SELECT * FROM event_mentions
),

core_articles AS (
    SELECT * FROM articles
),

per_article AS (
    SELECT
        event_id,
        article_id,
        count(*)                                            AS mention_count,
        arg_min(mention_id, extraction_id || '-' || lpad(CAST(mention_index AS VARCHAR), 6, '0'))
                                                            AS mention_id
    FROM mentions
    GROUP BY event_id, article_id
),

final AS (
    SELECT
        events.event_id,
        per_article.article_id,
        row_number() OVER (
            PARTITION BY events.event_id
            ORDER BY mentions.reported_at, per_article.article_id
        )                                                   AS report_no,
        events.event_type,
        events.modality,
        events.source_actor,
        events.source_country,
        events.target_actor,
        events.target_country,
        events.subject,
        events.date_label                                   AS event_date_label,
        events.event_date,
        mentions.event_date                                 AS reported_event_date,
        mentions.date_precision                             AS reported_date_precision,
        mentions.date_basis                                 AS reported_date_basis,
        mentions.date_phrase                                AS reported_date_phrase,
        core_articles.url                                   AS article_url,
        core_articles.outlet                                AS article_outlet,
        core_articles.title                                 AS article_title,
        CAST(timezone('UTC', core_articles.published_at) AS TIMESTAMP)
                                                            AS article_published_at,
        CAST(timezone('UTC', mentions.reported_at) AS TIMESTAMP)
                                                            AS reported_at,
        core_articles.load_date,
        mentions.evidence_sentence,
        mentions.trigger_text                               AS evidence_trigger,
        mentions.source_actor_text,
        mentions.target_actor_text,
        per_article.mention_count,
        round(CAST(mentions.confidence AS DOUBLE), 3)      AS confidence
    FROM per_article
    INNER JOIN events
        ON per_article.event_id = events.event_id
    INNER JOIN mentions
        ON per_article.mention_id = mentions.mention_id
    LEFT JOIN core_articles
        ON per_article.article_id = core_articles.article_id
)

SELECT * FROM final;
