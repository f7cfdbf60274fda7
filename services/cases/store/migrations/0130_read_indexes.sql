-- Indexes for reads over large tables (docs/benchmarks.md, the scale benchmark). Same SQL on
-- SQLite and MySQL/MariaDB.

-- ListCases over a subtree: with many units in department_id IN (...), the indexes of 0001 that
-- start with department_id return each unit's rows in its own order, so every page sorted the
-- whole year (or stage) first. These yield filing order directly for the usual filters, so a page
-- reads about its 51 rows, skipping those of units outside the subtree.
CREATE INDEX ix_enforcement_cases_year_stage_order ON enforcement_cases (filed_year, stage, filed_ymd, id);
CREATE INDEX ix_enforcement_cases_stage_order ON enforcement_cases (stage, filed_ymd, id);
CREATE INDEX ix_enforcement_cases_order ON enforcement_cases (filed_ymd, id);

-- SummarizeCases (figures_store.cc): each measure's statement reads only these columns, so it
-- is answered from the index without reading the wide case rows (or scanning the whole table, as
-- the transfer measure did for want of any index on transfer_ymd).
CREATE INDEX ix_enforcement_cases_filed_figures ON enforcement_cases (department_id, filed_ymd, kind, decision_outcome, decision_due_pending, disclosure_due_pending);
CREATE INDEX ix_enforcement_cases_decided_figures ON enforcement_cases (department_id, decision_ymd, kind, decision_outcome, collected_fen);
CREATE INDEX ix_enforcement_cases_transfer_figures ON enforcement_cases (department_id, transfer_ymd, transfer_destination, kind, decision_outcome);
