-- materialized: table
-- Core: one row per real-world event, merging the extractions (and their mentions) that report it
-- across articles and outlets (see int_event_clusters for the rule), with its best-supported date.
--
-- Best-supported date: the most precise explicit or relative date among the reports (day, then
-- week, month, year); when reports disagree at that precision, the date most reports give; on a
-- tie, the first reported. Failing that, the earliest publication-based date; failing that, none
-- (precision 'unknown', basis of the first report).
--
-- Where it happened: the most specific place its mentions agree on. Mentions are ranked by basis
-- (a place the text states before an actor's home country) and precision (city, region,
-- country); the event takes the finest rank at which its mentions name exactly one place, and only
-- when every mention at that rank or finer lies in that place's country. Two reports naming two
-- different cities give no city (a coarser place they agree on, or none): a place is never merged
-- into a different one. With no place, the basis is capital_metonymy when a mention's capital named
-- an actor ("Moscow said"), else unknown.
WITH mentions AS (
    SELECT * FROM event_mentions
),

-- one row per extraction (its first mention carries every extraction-level field)
extractions AS (
    SELECT * FROM mentions WHERE mention_index = 1
),

ordered AS (
    SELECT
        *,
        row_number() OVER (PARTITION BY event_id ORDER BY reported_at, extraction_id) AS report_no
    FROM extractions
),

first_report AS (
    SELECT * FROM ordered WHERE report_no = 1
),

first_target AS (
    SELECT *
    FROM ordered
    WHERE target_actor IS NOT NULL OR target_country IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY report_no) = 1
),

first_subject AS (
    SELECT event_id, subject
    FROM ordered
    WHERE subject IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY report_no) = 1
),

date_votes AS (
    SELECT
        event_id,
        event_date,
        date_precision,
        CASE WHEN bool_or(date_basis = 'explicit') THEN 'explicit' ELSE 'relative' END
                                                            AS date_basis,
        count(*)                                            AS support,
        min(report_no)                                      AS first_report_no,
        CASE date_precision
            WHEN 'day' THEN 1 WHEN 'week' THEN 2 WHEN 'month' THEN 3 ELSE 4
        END                                                 AS precision_rank
    FROM ordered
    WHERE date_basis IN ('explicit', 'relative')
      AND event_date IS NOT NULL
      AND date_precision IN ('day', 'week', 'month', 'year')
    GROUP BY event_id, event_date, date_precision
),

stated_date AS (
    SELECT
        *,
        count(*) OVER (PARTITION BY event_id)               AS candidate_dates
    FROM date_votes
    QUALIFY row_number() OVER (
        PARTITION BY event_id ORDER BY precision_rank, support DESC, first_report_no
    ) = 1
),

publication_date AS (
    SELECT
        event_id,
        min(event_date)                                     AS event_date,
        count(*)                                            AS support
    FROM ordered
    WHERE date_basis = 'publication' AND event_date IS NOT NULL
    GROUP BY event_id
),

placed AS (
    SELECT
        *,
        CASE location_basis WHEN 'stated' THEN 10 ELSE 20 END
        + CASE location_precision WHEN 'city' THEN 1 WHEN 'region' THEN 2 ELSE 3 END
                                                            AS place_rank,
        coalesce(location_kind, '') || '|' || coalesce(location_name, '') || '|'
        || coalesce(location_country, '')                  AS place_key
    FROM mentions
    WHERE location_precision IN ('city', 'region', 'country')
      AND location_basis IN ('stated', 'actor_country')
),

place_ranks AS (
    SELECT
        event_id,
        place_rank,
        count(DISTINCT place_key)                           AS places,
        min(location_country)                               AS country
    FROM placed
    GROUP BY event_id, place_rank
),

agreed_rank AS (
    SELECT
        place_ranks.event_id,
        place_ranks.place_rank
    FROM place_ranks
    INNER JOIN placed
        ON placed.event_id = place_ranks.event_id
       AND placed.place_rank <= place_ranks.place_rank
    WHERE place_ranks.places = 1
    GROUP BY place_ranks.event_id, place_ranks.place_rank, place_ranks.country
    HAVING bool_and(placed.location_country IS NOT DISTINCT FROM place_ranks.country)
    QUALIFY row_number() OVER (PARTITION BY place_ranks.event_id ORDER BY place_ranks.place_rank) = 1
),

agreed_place AS (
    SELECT
        placed.event_id,
        placed.location_name,
        placed.location_kind,
        placed.location_country,
        placed.location_latitude,
        placed.location_longitude,
        placed.location_geonames_id,
        placed.location_precision,
        placed.location_basis,
        count(*) OVER (PARTITION BY placed.event_id)        AS location_support
    FROM placed
    INNER JOIN agreed_rank
        ON placed.event_id = agreed_rank.event_id
       AND placed.place_rank = agreed_rank.place_rank
    QUALIFY row_number() OVER (
        PARTITION BY placed.event_id ORDER BY placed.reported_at, placed.mention_id
    ) = 1
),

-- the evidence to show: the most specific mention, not merely the first (an explicit date before
-- a relative one before none, the finer precision, the sentence stating the date, a named person
-- as the source and the sentence naming them, a target and a subject named), then the most
-- confident, then the first reported
evidence AS (
    SELECT
        event_id,
        mention_id                                          AS evidence_mention_id,
        article_id                                          AS evidence_article_id
    FROM mentions
    QUALIFY row_number() OVER (
        PARTITION BY event_id
        ORDER BY
            CASE date_basis
                WHEN 'explicit' THEN 0 WHEN 'relative' THEN 1 WHEN 'publication' THEN 2 ELSE 3
            END,
            CASE date_precision
                WHEN 'day' THEN 0 WHEN 'week' THEN 1 WHEN 'month' THEN 2 WHEN 'year' THEN 3
                ELSE 4
            END,
            -- the sentence that carries the date phrase, then one naming the source actor (not
            -- a headline that only paraphrases it)
            date_phrase IS NOT NULL
            AND NOT contains(lower(evidence_sentence), lower(date_phrase)),
            source_actor_role IS NULL,
            source_actor IS NOT NULL
            AND NOT contains(lower(evidence_sentence), lower(source_actor)),
            target_actor IS NULL AND target_country IS NULL,
            subject IS NULL,
            confidence DESC,
            reported_at,
            extraction_id,
            mention_index
    ) = 1
),

totals AS (
    SELECT
        event_id,
        count(*)                                            AS mention_count,
        count(DISTINCT extraction_id)                       AS extraction_count,
        count(DISTINCT article_id)                          AS article_count,
        count(DISTINCT outlet)                              AS outlet_count,
        min(reported_at)                                    AS first_reported_at,
        max(reported_at)                                    AS last_reported_at,
        bool_or(is_private)                                 AS is_private,
        max(confidence)                                     AS max_confidence,
        min(load_date)                                      AS first_load_date,
        max(load_date)                                      AS last_load_date,
        coalesce(bool_or(location_basis = 'capital_metonymy'), false)
                                                            AS capital_metonymy
    FROM mentions
    GROUP BY event_id
),

final AS (
    SELECT
        first_report.event_id,
        first_report.event_type,
        first_report.cameo_code,
        first_report.plover_category,
        first_report.plover_mode,
        first_report.goldstein,
        first_report.quad_class,
        first_report.source_actor,
        first_report.source_actor_role,
        first_report.source_country,
        first_report.source_sector,
        first_target.target_actor,
        first_target.target_actor_role,
        first_target.target_country,
        first_target.target_sector,
        first_subject.subject,
        first_report.modality,
        first_report.modality_class,
        totals.is_private,
        first_report.reported_by,
        coalesce(stated_date.event_date, publication_date.event_date)
                                                            AS event_date,
        CASE
            WHEN stated_date.event_id IS NOT NULL THEN stated_date.date_precision
            WHEN publication_date.event_date IS NOT NULL THEN 'day'
            ELSE 'unknown'
        END                                                 AS date_precision,
        CASE
            WHEN stated_date.event_id IS NOT NULL THEN stated_date.date_basis
            WHEN publication_date.event_date IS NOT NULL THEN 'publication'
            ELSE first_report.date_basis
        END                                                 AS date_basis,
        coalesce(stated_date.support, publication_date.support, 0)
                                                            AS date_support,
        coalesce(stated_date.candidate_dates, 0)            AS stated_date_count,
        totals.first_reported_at,
        CAST(timezone('UTC', totals.first_reported_at) AS DATE)
                                                            AS first_reported_date,
        totals.last_reported_at,
        totals.mention_count,
        totals.extraction_count,
        totals.article_count,
        totals.outlet_count,
        totals.max_confidence,
        first_report.extraction_id                          AS first_extraction_id,
        first_report.mention_id                             AS first_mention_id,
        first_report.article_id                             AS first_article_id,
        evidence.evidence_mention_id,
        evidence.evidence_article_id,
        first_report.extractor_version,
        totals.first_load_date,
        totals.last_load_date,
        agreed_place.location_name,
        agreed_place.location_kind,
        agreed_place.location_country,
        agreed_place.location_latitude,
        agreed_place.location_longitude,
        agreed_place.location_geonames_id,
        coalesce(agreed_place.location_precision, 'none')  AS location_precision,
        coalesce(
            agreed_place.location_basis,
            CASE WHEN totals.capital_metonymy THEN 'capital_metonymy' ELSE 'unknown' END
        )                                                   AS location_basis,
        coalesce(agreed_place.location_support, 0)          AS location_support
    FROM first_report
    INNER JOIN totals USING (event_id)
    INNER JOIN evidence USING (event_id)
    LEFT JOIN first_target USING (event_id)
    LEFT JOIN first_subject USING (event_id)
    LEFT JOIN stated_date USING (event_id)
    LEFT JOIN publication_date USING (event_id)
    LEFT JOIN agreed_place USING (event_id)
)

SELECT * FROM final ORDER BY event_id
