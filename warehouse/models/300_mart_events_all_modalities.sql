-- Mart: one row per real-world event, whatever its modality, flat and BI-ready, with the evidence
-- sentence and article of its first mention.
CREATE OR REPLACE VIEW mart_events_all_modalities AS
WITH core_events AS (
    SELECT * FROM events
),

mentions AS (
    SELECT * FROM event_mentions
),

core_articles AS (
    SELECT * FROM articles
),

dated AS (
    SELECT
        *,
        CASE WHEN date_precision = 'day' THEN event_date ELSE first_reported_date END
                                                            AS activity_day,
        CAST(
            date_trunc(
                'month',
                CASE
                    WHEN date_precision IN ('day', 'week', 'month') THEN event_date
                    ELSE first_reported_date
                END
            ) AS DATE
        )                                                   AS activity_month
    FROM core_events
),

final AS (
    SELECT
        dated.event_id,
        dated.event_type,
        dated.cameo_code,
        dated.plover_category,
        dated.plover_mode,
        dated.goldstein,
        dated.quad_class,
        dated.source_actor,
        dated.source_actor_role,
        dated.source_country,
        dated.source_sector,
        dated.target_actor,
        dated.target_actor_role,
        dated.target_country,
        dated.target_sector,
        coalesce(dated.source_country, '?') || ' -> ' || coalesce(dated.target_country, '?')
                                                            AS country_dyad,
        dated.subject,
        dated.modality,
        dated.is_private,
        dated.reported_by,
        dated.event_date,
        dated.date_precision,
        dated.date_basis,
        CASE dated.date_precision
            WHEN 'day' THEN strftime(dated.event_date, '%Y-%m-%d')
            WHEN 'week' THEN 'week of ' || strftime(dated.event_date, '%Y-%m-%d')
            WHEN 'month' THEN strftime(dated.event_date, '%Y-%m')
            WHEN 'year' THEN strftime(dated.event_date, '%Y')
            ELSE 'before ' || strftime(dated.first_reported_date, '%Y-%m-%d')
        END                                                 AS date_label,
        dated.date_support,
        dated.activity_day,
        dated.activity_month,
        dated.first_reported_at,
        dated.first_reported_date,
        dated.last_reported_at,
        dated.mention_count,
        dated.article_count,
        dated.outlet_count,
        mentions.evidence_sentence,
        mentions.trigger_text                               AS evidence_trigger,
        core_articles.url                                        AS article_url,
        core_articles.title                                      AS article_title,
        core_articles.outlet                                     AS article_outlet,
        core_articles.published_at                               AS article_published_at,
        dated.first_article_id,
        dated.first_mention_id,
        dated.extractor_version
    FROM dated
    INNER JOIN mentions
        ON dated.first_mention_id = mentions.mention_id
    LEFT JOIN core_articles
        ON dated.first_article_id = core_articles.article_id
)

SELECT * FROM final;
