-- A session's handling report (办理情况报告) is a report snapshot like the others: kind 'session', the
-- session's region, the session's id as the period key.
ALTER TABLE reports DROP CONSTRAINT reports_kind_check;
ALTER TABLE reports ADD CONSTRAINT reports_kind_check CHECK (kind IN ('monthly', 'quarterly', 'annual', 'session'));
