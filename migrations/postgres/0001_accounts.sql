-- Organisations, the people in them, their sessions and invitations.
-- Times are Unix seconds (BIGINT) so that SQLite and PostgreSQL compare and index them alike.

CREATE TABLE organisations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL,
    -- The short name operators type on the command line (`kindred user create --org <slug>`).
    slug TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT organisations_slug_key UNIQUE (slug)
);

CREATE TABLE users (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Stored lower-cased, so one inbox is one account.
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    -- argon2id PHC string; never the password.
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    CONSTRAINT users_email_key UNIQUE (email)
);

CREATE TABLE memberships (
    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (organisation_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);

CREATE TABLE sessions (
    -- SHA-256 of the cookie's token: a copy of this table logs nobody in.
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The organisation the person is acting in; membership is re-checked on every request.
    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

CREATE TABLE invitations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- SHA-256 of the link's secret; the link itself is shown once and never stored.
    token_hash TEXT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    email TEXT,
    invited_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    -- Set once, by the single UPDATE that claims the invitation: this is what makes it single-use.
    accepted_at BIGINT,
    accepted_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    revoked_at BIGINT,
    CONSTRAINT invitations_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX invitations_organisation_idx ON invitations (organisation_id);

-- Failed log-ins, counted per account and per address to throttle password guessing. Kept in the
-- database so that every app server behind a load balancer sees the same counts.
CREATE TABLE login_failures (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email TEXT NOT NULL,
    ip TEXT,
    at BIGINT NOT NULL
);
CREATE INDEX login_failures_email_idx ON login_failures (email, at);
CREATE INDEX login_failures_ip_idx ON login_failures (ip, at);
