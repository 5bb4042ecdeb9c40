-- Responses of one survey in id order, one index range: the export reads them a page at a time
-- (`survey_id = ? AND id > ?`) and a results view reads only those stored since its last view.
-- Without it each page or view scanned every response of the survey, so an export of n responses
-- cost n²/500 row visits.
CREATE INDEX responses_survey_id_idx ON responses (survey_id, id);
