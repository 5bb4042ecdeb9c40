-- Read-only links to one survey's results, for people outside the organisation (a board, a
-- partner). The secret is stored only as a hash; a link expires and can be revoked. Shared views
-- hide every count under 5 and show open answers only when the link allows it.

CREATE TABLE share_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    survey_id INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL,
    show_texts INTEGER NOT NULL DEFAULT 0,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER,
    CONSTRAINT share_links_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX share_links_survey_idx ON share_links (survey_id);
