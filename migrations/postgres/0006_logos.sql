-- Logos, kept in the database so that every app server can serve them. An organisation has one
-- logo; a survey may override it with its own.

CREATE TABLE logos (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    -- image/png, image/jpeg or image/svg+xml, decided from the bytes, not from the upload's claim.
    content_type TEXT NOT NULL,
    bytes BYTEA NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX logos_organisation_idx ON logos (organisation_id);

ALTER TABLE organisations ADD COLUMN logo_id BIGINT REFERENCES logos (id) ON DELETE SET NULL;
ALTER TABLE surveys ADD COLUMN logo_id BIGINT REFERENCES logos (id) ON DELETE SET NULL;
