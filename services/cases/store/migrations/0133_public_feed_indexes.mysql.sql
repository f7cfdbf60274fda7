-- The public feed (ListPublicDecisions, cases_store.cc ListPublished): newest decision first, of
-- the published, not withdrawn and not revoked cases, optionally of one year and a subtree. The
-- index of 0001 held only the first two of those conditions, so a page of a year read every
-- published case decided after that year, row by row, before its first match: 263 ms a page at
-- 10^5 cases for the year before last, linear in the table (docs/benchmarks.md, Large tables).
-- These hold every condition (a page then reads its 51 entries, skipping only other units'
-- entries, whose department_id is checked on the entry) and replace it. Same columns on SQLite
-- (0133_public_feed_indexes.sqlite.sql), whose DROP INDEX differs.
DROP INDEX ix_enforcement_cases_feed ON enforcement_cases;
CREATE INDEX ix_enforcement_cases_feed_page ON enforcement_cases (published, disclosure_withdrawn, revoked, decision_ymd, id, department_id);
CREATE INDEX ix_enforcement_cases_feed_year_page ON enforcement_cases (published, disclosure_withdrawn, revoked, decision_year, decision_ymd, id, department_id);
