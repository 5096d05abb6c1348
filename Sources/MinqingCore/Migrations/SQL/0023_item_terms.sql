-- Hot words (民意热词): each item's terms, computed once when it is filed or edited (MinqingText: ICU's
-- words, the user dictionary, the stop list), with the dimensions the hot-words query filters by, so a
-- period's counts are one indexed aggregate and never a re-segmentation. A submission counts in the region
-- it was filed in (its origin), a suggestion in its region, a problem in its activity's region.
CREATE TABLE item_terms (
    subject_kind      text NOT NULL CHECK (subject_kind IN ('submission', 'suggestion', 'problem')),
    subject_id        uuid NOT NULL,
    term              text NOT NULL,
    occurrences       integer NOT NULL CHECK (occurrences > 0),
    region_id         uuid NOT NULL REFERENCES regions (id),
    station_id        uuid REFERENCES stations (id),
    representative_id uuid REFERENCES representatives (id),
    category          text NOT NULL,
    filed_at          timestamptz NOT NULL,
    PRIMARY KEY (subject_kind, subject_id, term)
);
CREATE INDEX item_terms_filed ON item_terms (filed_at) INCLUDE (region_id, term, subject_id, occurrences);
CREATE INDEX item_terms_station ON item_terms (station_id, filed_at) INCLUDE (term, subject_id, occurrences);
