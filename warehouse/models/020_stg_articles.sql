-- Staging: articles renamed and cast for analysis; no logic.
CREATE OR REPLACE VIEW stg_articles AS
WITH source AS (
    SELECT * FROM raw_articles
),

renamed AS (
    SELECT
        article_id,
        ds                                              AS load_date,
        source                                          AS source_name,
        url,
        canonical_url,
        title,
        published_at,
        -- the UTC calendar day, whatever the session time zone
        CAST(timezone('UTC', published_at) AS DATE)     AS published_date,
        fetched_at,
        content_hash,
        language,
        text                                            AS article_text,
        duplicate_of                                    AS duplicate_of_article_id
    FROM source
)

SELECT * FROM renamed;
