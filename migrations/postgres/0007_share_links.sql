-- Read-only links to one survey's results, for people outside the organisation (a board, a
-- partner). The secret is stored only as a hash; a link expires and can be revoked. Shared views
-- hide every count under 5 and show open answers only when the link allows it.

CREATE TABLE share_links (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    survey_id BIGINT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL,
    show_texts BOOLEAN NOT NULL DEFAULT FALSE,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT,
    CONSTRAINT share_links_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX share_links_survey_idx ON share_links (survey_id);
