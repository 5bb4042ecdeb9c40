-- Rollups: the sufficient statistics of every dashboard figure, written with each response so
-- that a view sums a bounded number of rows instead of reading every answer.
--
-- A cell is one combination of segment choices (member type, tenure, …) that responses gave; a
-- segment filter selects the cells holding its choice. `signature` is the cell's choices in a
-- canonical order, only for finding an existing cell when a response arrives.
CREATE TABLE rollup_cells (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    survey_id BIGINT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    signature TEXT NOT NULL,
    CONSTRAINT rollup_cells_signature_key UNIQUE (survey_id, signature)
);

CREATE TABLE rollup_cell_choices (
    cell_id BIGINT NOT NULL REFERENCES rollup_cells (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    choice_id TEXT NOT NULL,
    PRIMARY KEY (cell_id, question_id, choice_id)
);

-- Each group-commit batch appends one delta per (survey, version, day, cell) it touched, in the
-- transaction that stores its responses; deltas are folded into `rollup_days` and
-- `rollup_totals` later. Writers therefore never update a shared row, and a reader sums
-- rollups and deltas in one statement. `stats` is the statistics encoded with postcard.
CREATE TABLE rollup_deltas (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    survey_id BIGINT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    -- Days since 1970-01-01, UTC.
    day BIGINT NOT NULL,
    cell_id BIGINT NOT NULL REFERENCES rollup_cells (id) ON DELETE CASCADE,
    stats BYTEA NOT NULL
);
CREATE INDEX rollup_deltas_survey_day_idx ON rollup_deltas (survey_id, day);

-- Per day, for views with a date range.
CREATE TABLE rollup_days (
    survey_id BIGINT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    day BIGINT NOT NULL,
    cell_id BIGINT NOT NULL REFERENCES rollup_cells (id) ON DELETE CASCADE,
    stats BYTEA NOT NULL,
    PRIMARY KEY (survey_id, day, version, cell_id)
);

-- Over every day, for views without one: a row per version and cell however long the survey runs.
CREATE TABLE rollup_totals (
    survey_id BIGINT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    cell_id BIGINT NOT NULL REFERENCES rollup_cells (id) ON DELETE CASCADE,
    stats BYTEA NOT NULL,
    PRIMARY KEY (survey_id, version, cell_id)
);
