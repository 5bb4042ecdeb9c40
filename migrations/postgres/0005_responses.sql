-- Responses, stored in typed tables (ranks, values, choices, texts) so that SQL can aggregate them.
-- Every response records the survey version it answered. One response per person is enforced by
-- the database: a unique respondent key (a hash of the survey's respondent cookie) per survey, and
-- single-use invite codes.

ALTER TABLE surveys ADD COLUMN requires_invite_code BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE invite_codes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    survey_id BIGINT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    -- SHA-256 of the code: the codes themselves are handed out once, as a CSV download.
    code_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    used_at BIGINT,
    CONSTRAINT invite_codes_code_hash_key UNIQUE (code_hash)
);
CREATE INDEX invite_codes_survey_idx ON invite_codes (survey_id);

CREATE TABLE responses (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    survey_id BIGINT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    submitted_at BIGINT NOT NULL,
    respondent_key TEXT,
    invite_code_id BIGINT REFERENCES invite_codes (id) ON DELETE SET NULL,
    FOREIGN KEY (survey_id, version) REFERENCES survey_versions (survey_id, version),
    CONSTRAINT responses_respondent_key UNIQUE (survey_id, respondent_key),
    CONSTRAINT responses_invite_code_key UNIQUE (invite_code_id)
);
CREATE INDEX responses_survey_time_idx ON responses (survey_id, submitted_at);

-- Ranking: one row per ranked item.
CREATE TABLE answer_ranks (
    response_id BIGINT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    rank BIGINT NOT NULL,
    PRIMARY KEY (response_id, question_id, item_id)
);

-- Points: Likert statements (item_id set), overlap and NPS (item_id empty).
CREATE TABLE answer_values (
    response_id BIGINT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    item_id TEXT NOT NULL DEFAULT '',
    value BIGINT NOT NULL,
    PRIMARY KEY (response_id, question_id, item_id)
);

-- Single and multiple choice: one row per chosen option; "other" carries its text.
CREATE TABLE answer_choices (
    response_id BIGINT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    choice_id TEXT NOT NULL,
    other_text TEXT,
    PRIMARY KEY (response_id, question_id, choice_id)
);

CREATE TABLE answer_texts (
    response_id BIGINT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (response_id, question_id)
);

-- The shareable card on the thank-you page: the reason ranked first and, only if the respondent
-- typed one, a display name. Nothing else about the respondent.
CREATE TABLE identity_cards (
    token TEXT PRIMARY KEY,
    survey_id BIGINT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    reason_id TEXT NOT NULL,
    reason_label TEXT NOT NULL,
    -- The brand name and colour as they were when the card was made.
    brand_name TEXT NOT NULL,
    brand_colour TEXT,
    display_name TEXT,
    created_at BIGINT NOT NULL
);
