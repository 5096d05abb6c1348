-- Similar items (Similarity.postingsPerTerm): a term's newest items of the window, and its rarity counted up
-- to a cap, are one short index range each, however common the term; hot words' examples likewise.
CREATE INDEX item_terms_term ON item_terms (term, filed_at DESC) INCLUDE (subject_kind, subject_id);
-- A representative's record (RecordStore): his ratings of replies are the timeline's `evaluated` events by
-- representatives, a small part of a large table.
CREATE INDEX timeline_evaluated_by_representative ON timeline_events (at) INCLUDE (actor_id)
    WHERE action = 'evaluated' AND actor_role = 'representative';
