-- ListCases over a subtree (docs/benchmarks.md, Large tables): the page-order indexes of 0130
-- again, now ending in department_id, so that the subtree's IN list is checked on the index entry
-- (index condition pushdown) instead of by reading each walked case row; a subtree with a small
-- share of the cases then skips the others' entries without touching their rows. The cases store
-- names these two to MariaDB for such pages (cases_store.cc, ListCases). The 0130 ones are their
-- prefixes and go. Same columns on SQLite (0131_list_page_indexes.sqlite.sql), whose DROP INDEX
-- differs.
DROP INDEX ix_enforcement_cases_year_stage_order ON enforcement_cases;
DROP INDEX ix_enforcement_cases_stage_order ON enforcement_cases;
CREATE INDEX ix_enforcement_cases_year_stage_page ON enforcement_cases (filed_year, stage, filed_ymd, id, department_id);
CREATE INDEX ix_enforcement_cases_stage_page ON enforcement_cases (stage, filed_ymd, id, department_id);
