-- Suggestions after assignment (issue 13): the reply letter, the representatives' ratings, contacts,
-- follow-up until done.

-- The reply letter: a B reply (正在解决或列入计划) promises a date; any letter may link an attachment.
ALTER TABLE replies ADD COLUMN promised_on date;
ALTER TABLE replies ADD COLUMN attachment_url text;

-- The answer a suggestion settled on, and its follow-up.
ALTER TABLE suggestions ADD COLUMN outcome text CHECK (outcome IN ('solved', 'planned', 'explained'));
ALTER TABLE suggestions ADD COLUMN promised_on date;
ALTER TABLE suggestions ADD COLUMN done_note text;
ALTER TABLE suggestions ADD COLUMN done_at timestamptz;
CREATE INDEX suggestions_follow_up ON suggestions (promised_on) WHERE status = 'in_follow_up';

-- Ratings of a round's answer: the lead representative's decides the round; co-signers may rate too.
CREATE TABLE suggestion_ratings (
    suggestion_id     uuid NOT NULL REFERENCES suggestions (id),
    round             integer NOT NULL,
    representative_id uuid NOT NULL REFERENCES representatives (id),
    lead              boolean NOT NULL,
    rating            text NOT NULL CHECK (rating IN ('satisfied', 'basically_satisfied', 'unsatisfied')),
    -- "was I contacted before the reply?" (办前联系)
    contacted_before  boolean NOT NULL,
    comment           text,
    created_at        timestamptz NOT NULL,
    PRIMARY KEY (suggestion_id, round, representative_id)
);

-- A department's contacts with the representative (办前联系、办中沟通、办后回访), on any assignment.
CREATE TABLE assignment_contacts (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    assignment_id uuid NOT NULL REFERENCES assignments (id),
    stage         text NOT NULL CHECK (stage IN ('before', 'during', 'after')),
    method        text NOT NULL CHECK (method IN ('visit', 'phone', 'meeting', 'message')),
    note          text NOT NULL,
    at            timestamptz NOT NULL,
    created_by    uuid REFERENCES users (id),
    created_at    timestamptz NOT NULL
);
CREATE INDEX assignment_contacts_assignment ON assignment_contacts (assignment_id, at);
