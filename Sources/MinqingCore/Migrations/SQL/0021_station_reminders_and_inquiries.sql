-- The worker's reminders around the stations' work, each once (a guarded UPDATE claims it, with the
-- notification in the same transaction): a duty slot's representatives on the working day before it,
-- and the region's staff as an inquiry's rectification report (整改报告) nears its due date.
ALTER TABLE rota_slots ADD COLUMN reminded_at timestamptz;

-- 专题询问: the questions put at an inquiry, with the answering official; the review opinion (审议意见)
-- it produced; and the rectification its department reports on, handled as a problem of the activity.
ALTER TABLE activities ADD COLUMN questions jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(questions) = 'array');
ALTER TABLE activities ADD COLUMN review_opinion text;
ALTER TABLE activities ADD COLUMN review_opinion_at timestamptz;
ALTER TABLE activities ADD COLUMN rectification_problem_id uuid REFERENCES activity_problems (id);
ALTER TABLE activities ADD CONSTRAINT activities_review_opinion CHECK (
    (review_opinion IS NULL) = (review_opinion_at IS NULL) AND (review_opinion IS NULL) = (rectification_problem_id IS NULL));
ALTER TABLE activity_problems ADD COLUMN staff_reminded_at timestamptz;
