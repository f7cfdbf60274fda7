-- The same indexes as 0133_public_feed_indexes.mysql.sql (which says why); only DROP INDEX differs.
DROP INDEX ix_enforcement_cases_feed;
CREATE INDEX ix_enforcement_cases_feed_page ON enforcement_cases (published, disclosure_withdrawn, revoked, decision_ymd, id, department_id);
CREATE INDEX ix_enforcement_cases_feed_year_page ON enforcement_cases (published, disclosure_withdrawn, revoked, decision_year, decision_ymd, id, department_id);
