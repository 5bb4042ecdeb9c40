-- Per-organisation API tokens for the public JSON API v1. Like sessions, only the SHA-256 of a
-- token is kept: it is shown once, when created, and a copy of this table authenticates nobody.

CREATE TABLE api_tokens (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    token_hash TEXT NOT NULL,
    -- The owner who created it (NULL when made on the command line); the API acts on their behalf.
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT,
    CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX api_tokens_organisation_idx ON api_tokens (organisation_id);
