-- Rollup spans: the counts of aligned blocks of 4^level days (level 1 to 5: 4 to 1,024 days),
-- folded beside the day rows, so that a view with a date range sums a few rows per cell instead
-- of one per day (see `server/src/storage/spans.rs`).
CREATE TABLE rollup_spans (
    survey_id BIGINT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    level BIGINT NOT NULL,
    -- The block's first day: days since 1970-01-01, UTC, a multiple of 4^level.
    start_day BIGINT NOT NULL,
    version BIGINT NOT NULL,
    cell_id BIGINT NOT NULL REFERENCES rollup_cells (id) ON DELETE CASCADE,
    stats BYTEA NOT NULL,
    PRIMARY KEY (survey_id, level, start_day, version, cell_id)
);

-- Surveys whose spans are still to be computed from their day rows: every survey with rollups
-- when this migration runs. The next fold computes them; until then their views read day rows.
CREATE TABLE rollup_spans_pending (
    survey_id BIGINT PRIMARY KEY REFERENCES surveys (id) ON DELETE CASCADE
);
INSERT INTO rollup_spans_pending (survey_id) SELECT DISTINCT survey_id FROM rollup_days;
