-- Staging: events renamed and cast for analysis; no logic.
CREATE OR REPLACE VIEW stg_events AS
WITH source AS (
    SELECT * FROM raw_events
),

renamed AS (
    SELECT
        event_id,
        article_id,
        ds                            AS load_date,
        event_type,
        cameo_code,
        plover_category,
        plover_mode,
        CAST(goldstein AS DOUBLE)     AS goldstein,
        quad_class,
        source_text                   AS source_actor_text,
        source_name                   AS source_actor,
        source_role                   AS source_actor_role,
        source_country                AS source_country,
        source_sector                 AS source_sector,
        target_text                   AS target_actor_text,
        target_name                   AS target_actor,
        target_role                   AS target_actor_role,
        target_country                AS target_country,
        target_sector                 AS target_sector,
        subject,
        modality,
        reported_by,
        private                       AS is_private,
        event_date,
        date_precision,
        date_basis,
        date_phrase,
        date_anchor,
        sentence                      AS evidence_sentence,
        sentence_start                AS evidence_start,
        sentence_end                  AS evidence_end,
        trigger                       AS trigger_text,
        rule_id,
        CAST(confidence AS DOUBLE)    AS confidence,
        mention_count,
        mentions,
        extractor_version,
        location_name,
        location_kind,
        location_country,
        location_latitude,
        location_longitude,
        location_geonames_id,
        location_precision,
        location_basis,
        location_phrase
    FROM source
)

SELECT * FROM renamed;
