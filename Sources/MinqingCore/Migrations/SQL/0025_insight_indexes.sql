-- Similar items (Similarity.postingsPerTerm): a term's newest items of the window, and its rarity counted up
-- to a cap, are one short index range each, however common the term; hot words' examples likewise, and the
-- period before's figures of the top terms are read from it alone (region and occurrences included).
CREATE INDEX item_terms_term ON item_terms (term, filed_at DESC) INCLUDE (subject_kind, subject_id, region_id, occurrences);
-- A representative's record (RecordStore): his ratings of replies are the timeline's `evaluated` events by
-- representatives, a small part of a large table.
CREATE INDEX timeline_evaluated_by_representative ON timeline_events (at) INCLUDE (actor_id)
    WHERE action = 'evaluated' AND actor_role = 'representative';
-- The dashboard over a year (DashboardStore): the submissions filed in a region's subtree by category and
-- channel, and those closed there, each read from an index alone; a representative's items by status; a
-- station's reception filings (StationWork), a tenth of all, without visiting the rest.
CREATE INDEX submissions_origin_filed ON submissions (origin_region_id, created_at) INCLUDE (category, channel);
CREATE INDEX submissions_closed_region ON submissions (region_id, closed_at) INCLUDE (category) WHERE status = 'closed';
CREATE INDEX submissions_representative_status ON submissions (representative_id, created_at) INCLUDE (status);
CREATE INDEX submissions_reception_station ON submissions (station_id, created_at) WHERE channel = 'reception';
