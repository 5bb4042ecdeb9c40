-- Per-organisation API tokens for the public JSON API v1. Like sessions, only the SHA-256 of a
-- token is kept: it is shown once, when created, and a copy of this table authenticates nobody.

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    token_hash TEXT NOT NULL,
    -- The owner who created it (NULL when made on the command line); the API acts on their behalf.
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER,
    CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX api_tokens_organisation_idx ON api_tokens (organisation_id);
