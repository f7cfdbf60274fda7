-- The same indexes as 0131_list_page_indexes.mysql.sql (which says why); only DROP INDEX differs.
DROP INDEX ix_enforcement_cases_year_stage_order;
DROP INDEX ix_enforcement_cases_stage_order;
CREATE INDEX ix_enforcement_cases_year_stage_page ON enforcement_cases (filed_year, stage, filed_ymd, id, department_id);
CREATE INDEX ix_enforcement_cases_stage_page ON enforcement_cases (stage, filed_ymd, id, department_id);
