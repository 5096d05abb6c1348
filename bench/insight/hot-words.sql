-- The row-by-row hot-words statement of InsightStore.hotWords (Sources/MinqingCore/Insight/InsightStore.swift):
-- what the API runs with a station, category or representative filter, and what a region's read cost before
-- the rollups of migration 0026 (a region's read now sums them; the benchmark times that one). The request's
-- region and the caller's reach are each one subtree condition (InsightStore.dimensions), the period before
-- has the same length, the limit is the default 20. A copy for EXPLAIN: keep it in step with the Swift when
-- that changes. bench/insight/run.sh runs it with
--
--   psql -v region=<uuid> -v from=<timestamptz> -v to=<timestamptz> -v before=<timestamptz> -f bench/insight/hot-words.sql
\set ON_ERROR_STOP on
EXPLAIN (ANALYZE, BUFFERS)
WITH now AS (
    SELECT t.term, sum(t.occurrences)::integer AS n, count(*)::integer AS items FROM item_terms t
    WHERE t.filed_at >= :'from'::timestamptz AND t.filed_at < :'to'::timestamptz
      AND t.region_id IN (SELECT id FROM regions WHERE path @> ARRAY[:'region']::uuid[])
      AND t.region_id IN (SELECT id FROM regions WHERE path @> ARRAY[:'region']::uuid[])
    GROUP BY t.term ORDER BY items DESC, n DESC, t.term LIMIT 20),
before AS (
    SELECT t.term, sum(t.occurrences)::integer AS n, count(*)::integer AS items FROM item_terms t
    WHERE t.filed_at >= :'before'::timestamptz AND t.filed_at < :'from'::timestamptz AND t.term IN (SELECT term FROM now)
      AND t.region_id IN (SELECT id FROM regions WHERE path @> ARRAY[:'region']::uuid[])
      AND t.region_id IN (SELECT id FROM regions WHERE path @> ARRAY[:'region']::uuid[])
    GROUP BY t.term)
SELECT c.term, c.n, c.items, coalesce(p.n, 0), coalesce(p.items, 0), e.kinds, e.ids
FROM now c LEFT JOIN before p USING (term)
CROSS JOIN LATERAL (
    SELECT array_agg(x.subject_kind ORDER BY x.filed_at DESC, x.subject_id) AS kinds,
           array_agg(x.subject_id ORDER BY x.filed_at DESC, x.subject_id) AS ids
    FROM (SELECT t.subject_kind, t.subject_id, t.filed_at FROM item_terms t
          WHERE t.term = c.term AND t.filed_at >= :'from'::timestamptz AND t.filed_at < :'to'::timestamptz
            AND t.region_id IN (SELECT id FROM regions WHERE path @> ARRAY[:'region']::uuid[])
            AND t.region_id IN (SELECT id FROM regions WHERE path @> ARRAY[:'region']::uuid[])
          ORDER BY t.filed_at DESC, t.subject_id LIMIT 3) x) e
ORDER BY c.items DESC, c.n DESC, c.term;
