-- Indexes for reads over large tables (docs/benchmarks.md, the scale benchmark). Same SQL on
-- SQLite and MySQL/MariaDB.

-- The fines (罚款, sanction type 2 = SanctionType::kFine) of a case's decision, kept on the case
-- row beside its sanctions (domain FinedFen) so that SummarizeCases sums them from an index
-- instead of joining one case_sanctions row per decision. Filled for the decisions already made.
ALTER TABLE enforcement_cases ADD COLUMN fined_fen BIGINT NOT NULL DEFAULT 0;
UPDATE enforcement_cases SET fined_fen = COALESCE((SELECT SUM(s.amount_fen) FROM case_sanctions s
  WHERE s.case_id = enforcement_cases.id AND s.sanction_type = 2), 0)
  WHERE decision_ymd IS NOT NULL;

-- ListCases over a subtree: with many units in department_id IN (...), the indexes of 0001 that
-- start with department_id return each unit's rows in its own order, so every page sorted the
-- whole year (or stage) first. These yield filing order directly for the usual filters, so a page
-- reads about its 51 rows, skipping those of units outside the subtree. No index on
-- (filed_ymd, id) alone: MariaDB took it for a first page with stage and year and walked every
-- earlier year's cases before the first match (167 ms instead of 11 at 10^5 cases).
CREATE INDEX ix_enforcement_cases_year_stage_order ON enforcement_cases (filed_year, stage, filed_ymd, id);
CREATE INDEX ix_enforcement_cases_stage_order ON enforcement_cases (stage, filed_ymd, id);

-- SummarizeCases (figures_store.cc): each measure's statement reads only these columns, so it
-- is answered from the index without reading the wide case rows (each statement read the whole
-- table: the IN list of a subtree's units made the narrower indexes look no better).
CREATE INDEX ix_enforcement_cases_filed_figures ON enforcement_cases (department_id, filed_ymd, kind, decision_outcome, decision_due_pending, disclosure_due_pending);
CREATE INDEX ix_enforcement_cases_decided_figures ON enforcement_cases (department_id, decision_ymd, kind, decision_outcome, collected_fen, fined_fen);
CREATE INDEX ix_enforcement_cases_transfer_figures ON enforcement_cases (department_id, transfer_ymd, transfer_destination, kind, decision_outcome);
