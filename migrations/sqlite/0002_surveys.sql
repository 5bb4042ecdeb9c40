-- Surveys and their published versions. A survey's draft is edited freely; publishing freezes it
-- as the next numbered version, which responses will record, so later edits never change what an
-- earlier respondent was asked.

CREATE TABLE surveys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    -- The unguessable part of the public link /s/{public_slug}.
    public_slug TEXT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'closed')),
    -- The definition being edited, as JSON validated by the application.
    draft TEXT NOT NULL,
    -- The version respondents currently get; NULL until first published.
    published_version INTEGER,
    -- Optional window in which the survey accepts answers (Unix seconds).
    opens_at INTEGER,
    closes_at INTEGER,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CONSTRAINT surveys_public_slug_key UNIQUE (public_slug)
);
CREATE INDEX surveys_organisation_idx ON surveys (organisation_id, created_at);

CREATE TABLE survey_versions (
    survey_id INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    definition TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    PRIMARY KEY (survey_id, version)
);
