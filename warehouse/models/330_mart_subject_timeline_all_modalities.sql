-- Mart: per subject (a treaty, a deal, a set of talks), its events in date order with actors and
-- evidence, whatever their modality.
CREATE OR REPLACE VIEW mart_subject_timeline_all_modalities AS
WITH events AS (
    SELECT * FROM mart_events_all_modalities WHERE subject IS NOT NULL
),

final AS (
    SELECT
        subject,
        subject_kind,
        -- the timeline's order is (timeline_date, day_position); a number counted within the
        -- day, not from the subject's first event, so an event added to an old day moves no
        -- number of a later day (readers number the whole timeline with a window)
        coalesce(event_date, first_reported_date)           AS timeline_date,
        row_number() OVER (
            PARTITION BY subject, coalesce(event_date, first_reported_date)
            ORDER BY first_reported_at, event_id
        )                                                   AS day_position,
        event_date,
        date_precision,
        date_basis,
        date_label,
        first_reported_date,
        event_type,
        source_actor,
        source_country,
        source_country_name,
        target_actor,
        target_country,
        target_country_name,
        modality,
        is_private,
        evidence_sentence,
        article_url,
        article_title,
        article_outlet,
        mention_count,
        article_count,
        outlet_count,
        event_id
    FROM events
)

SELECT * FROM final;
