-- Which versions of a survey were answered, one index seek per version: an export's columns cover
-- every question, item and choice of every version answered, not only of the latest.
CREATE INDEX responses_survey_version_idx ON responses (survey_id, version);
