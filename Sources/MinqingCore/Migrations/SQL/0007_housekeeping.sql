-- The hourly housekeeping job deletes spent rate windows and login failures by age.
CREATE INDEX rate_counters_window ON rate_counters (window_start);
CREATE INDEX login_failures_age ON login_failures (failed_at);
