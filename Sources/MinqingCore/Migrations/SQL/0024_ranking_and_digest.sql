-- Two more report series: the representatives' ranking (代表履职排名) of a year and the monthly digest
-- (民情专报) for leaders.
ALTER TABLE reports DROP CONSTRAINT reports_kind_check;
ALTER TABLE reports ADD CONSTRAINT reports_kind_check
    CHECK (kind IN ('monthly', 'quarterly', 'annual', 'session', 'ranking', 'digest'));
