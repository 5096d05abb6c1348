-- Receipt numbers from one sequence per receipt year instead of the receipt_counters row that every filing
-- updated and kept locked until its COMMIT, so that filings no longer queue behind one row.
-- Numbers stay unique and increasing within a year and start at 1 each year; a filing that rolls back
-- after taking its number leaves a gap (sequences are not transactional).

-- The next receipt number of a year. The year's sequence (receipt_numbers_2027) is created by the first
-- filing that needs it; concurrent first filings queue on an advisory lock, and whoever comes second finds
-- the sequence there (CREATE … IF NOT EXISTS) once the first transaction commits.
CREATE FUNCTION next_receipt_number(receipt_year integer) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    name text := 'receipt_numbers_' || receipt_year;
BEGIN
    IF to_regclass(name) IS NULL THEN
        PERFORM pg_advisory_xact_lock(hashtext('minqing.receipt_numbers'), receipt_year);
        EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I AS bigint MINVALUE 1', name);
    END IF;
    RETURN nextval(name::regclass);
END
$$;

-- The next receipt number of a year as residents see it: MQ2026-000123 (more digits past 999,999).
CREATE FUNCTION next_receipt_no(receipt_year integer) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    number bigint := next_receipt_number(receipt_year);
BEGIN
    RETURN 'MQ' || lpad(receipt_year::text, 4, '0') || '-' || lpad(number::text, greatest(6, length(number::text)), '0');
END
$$;

-- Each year counted so far continues after its last number.
DO $$
DECLARE
    counter record;
BEGIN
    FOR counter IN SELECT year, last FROM receipt_counters LOOP
        EXECUTE format('CREATE SEQUENCE %I AS bigint MINVALUE 1 START WITH %s', 'receipt_numbers_' || counter.year, counter.last + 1);
    END LOOP;
END
$$;

DROP TABLE receipt_counters;
