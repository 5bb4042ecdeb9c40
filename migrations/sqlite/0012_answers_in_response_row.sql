-- A response's answers move into its own row, as one compact JSON column:
--   {"r": [[question, item, rank], …], "v": [[question, item, value], …],
--    "c": [[question, choice, other text or null], …], "t": [[question, text], …]}
-- The dashboard reads rollups, not answers, so the four answer tables (17 rows and four B-trees
-- per template response) only cost writes, and made every export and rebuild pivot them back.
-- Now storing a response writes one row and an export reads one row per response.
ALTER TABLE responses ADD COLUMN answers TEXT NOT NULL DEFAULT '{}';

UPDATE responses SET answers = json_object(
    'r', json(COALESCE((SELECT json_group_array(json_array(question_id, item_id, rank))
                        FROM answer_ranks WHERE response_id = responses.id), '[]')),
    'v', json(COALESCE((SELECT json_group_array(json_array(question_id, item_id, value))
                        FROM answer_values WHERE response_id = responses.id), '[]')),
    'c', json(COALESCE((SELECT json_group_array(json_array(question_id, choice_id, other_text))
                        FROM answer_choices WHERE response_id = responses.id), '[]')),
    't', json(COALESCE((SELECT json_group_array(json_array(question_id, body))
                        FROM answer_texts WHERE response_id = responses.id), '[]'))
);

DROP TABLE answer_ranks;
DROP TABLE answer_values;
DROP TABLE answer_choices;
DROP TABLE answer_texts;
