-- materialized: table
-- Core: one row per sentence-level mention of an event (the raw events' mentions unnested), with
-- the extraction it belongs to and the real-world event (events.event_id) it was clustered into.
WITH events AS (
    SELECT * FROM stg_events
),

extractions AS (
    SELECT * FROM int_event_extractions
),

clusters AS (
    SELECT * FROM int_event_clusters
),

unnested AS (
    SELECT
        events.* EXCLUDE (mentions),
        unnest(events.mentions)                             AS mention,
        generate_subscripts(events.mentions, 1)             AS mention_index
    FROM events
),

final AS (
    SELECT
        unnested.event_id || '-' || CAST(unnested.mention_index AS VARCHAR)
                                                            AS mention_id,
        clusters.event_id,
        unnested.event_id                                   AS extraction_id,
        CAST(unnested.mention_index AS INTEGER)             AS mention_index,
        unnested.article_id,
        extractions.outlet,
        extractions.reported_at,
        unnested.load_date,
        unnested.event_type,
        unnested.cameo_code,
        unnested.plover_category,
        unnested.plover_mode,
        unnested.goldstein,
        unnested.quad_class,
        unnested.source_actor_text,
        unnested.source_actor,
        unnested.source_actor_role,
        unnested.source_country,
        unnested.source_sector,
        unnested.target_actor_text,
        unnested.target_actor,
        unnested.target_actor_role,
        unnested.target_country,
        unnested.target_sector,
        unnested.subject,
        unnested.modality,
        extractions.modality_class,
        unnested.reported_by,
        unnested.is_private,
        unnested.event_date,
        unnested.date_precision,
        unnested.date_basis,
        unnested.date_phrase,
        unnested.date_anchor,
        unnested.mention.sentence                           AS evidence_sentence,
        unnested.mention.sentence_start                     AS evidence_start,
        unnested.mention.sentence_end                       AS evidence_end,
        unnested.mention.trigger                            AS trigger_text,
        unnested.mention.trigger_start                      AS trigger_start,
        unnested.mention.trigger_end                        AS trigger_end,
        unnested.mention.rule_id                            AS rule_id,
        unnested.mention.location_name                       AS location_name,
        unnested.mention.location_kind                       AS location_kind,
        unnested.mention.location_country                    AS location_country,
        unnested.mention.location_latitude                   AS location_latitude,
        unnested.mention.location_longitude                  AS location_longitude,
        unnested.mention.location_geonames_id                AS location_geonames_id,
        unnested.mention.location_precision                  AS location_precision,
        unnested.mention.location_basis                      AS location_basis,
        unnested.mention.location_phrase                     AS location_phrase,
        unnested.confidence,
        unnested.extractor_version
    FROM unnested
    INNER JOIN extractions
        ON unnested.event_id = extractions.extraction_id
    INNER JOIN clusters
        ON unnested.event_id = clusters.extraction_id
)

SELECT * FROM final ORDER BY event_id, reported_at, extraction_id, mention_index
