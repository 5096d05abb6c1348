-- A suggestion that review treats as an ordinary letter (转为来信) is filed as a submission of its
-- representative, channel 'suggestion', in the conversion's transaction; the suggestion links to it.
ALTER TABLE submissions DROP CONSTRAINT submissions_channel_check;
ALTER TABLE submissions ADD CONSTRAINT submissions_channel_check
    CHECK (channel IN ('code', 'reception', 'observer', 'phone', 'activity', 'suggestion'));

ALTER TABLE suggestions ADD COLUMN letter_submission_id uuid REFERENCES submissions (id);
CREATE UNIQUE INDEX suggestions_letter ON suggestions (letter_submission_id) WHERE letter_submission_id IS NOT NULL;
