-- Enforcement cases (行政执法案件) with their whole-process record. Dates are yyyymmdd, times UTC
-- microseconds since the epoch, money integer fen. A case row holds its current state; every move
-- is a case_events row and every piece of evidence a case_evidence row (never changed or deleted).
CREATE TABLE enforcement_cases (
  id VARCHAR(63) NOT NULL PRIMARY KEY,
  department_id VARCHAR(63) NOT NULL,
  kind INTEGER NOT NULL,
  case_number VARCHAR(100) NOT NULL,
  party_type INTEGER NOT NULL,
  party_name VARCHAR(400) NOT NULL,
  -- A person's 公民身份号码, normalised; returned in full only to the department and supervisors.
  party_id_number CHAR(18) NULL,
  party_credit_code CHAR(18) NULL,
  facts TEXT NOT NULL,
  major INTEGER NOT NULL,
  stage INTEGER NOT NULL,
  filed_ymd BIGINT NOT NULL,
  -- For listings by year without a function on the column.
  filed_year INTEGER NOT NULL,
  decision_due_ymd BIGINT NOT NULL,
  extension_days INTEGER NOT NULL,
  review_reviewer VARCHAR(400) NULL,
  review_result INTEGER NOT NULL,
  review_opinion TEXT NULL,
  review_ymd BIGINT NULL,
  notified_ymd BIGINT NULL,
  hearing_requested INTEGER NOT NULL,
  decision_document_number VARCHAR(100) NULL,
  decision_ymd BIGINT NULL,
  decision_year INTEGER NULL,
  decision_outcome INTEGER NOT NULL,
  no_penalty_item VARCHAR(400) NULL,
  on_the_spot INTEGER NOT NULL,
  decision_summary TEXT NULL,
  -- Fines and confiscations imposed by the decision, the sum of its sanctions' amounts.
  imposed_fen BIGINT NOT NULL,
  served_ymd BIGINT NULL,
  party_absent INTEGER NOT NULL,
  collected_fen BIGINT NOT NULL,
  executed_ymd BIGINT NULL,
  closed_ymd BIGINT NULL,
  transfer_destination INTEGER NOT NULL,
  transfer_recipient VARCHAR(400) NULL,
  transfer_reason TEXT NULL,
  transfer_ymd BIGINT NULL,
  withdraw_reason TEXT NULL,
  -- Disclosure (公示): due 7 or 20 working days after the decision.
  disclosure_due_ymd BIGINT NULL,
  published INTEGER NOT NULL,
  publish_time_us BIGINT NULL,
  disclosure_withdrawn INTEGER NOT NULL,
  disclosure_withdraw_reason TEXT NULL,
  disclosure_withdraw_time_us BIGINT NULL,
  revoked INTEGER NOT NULL,
  create_time_us BIGINT NOT NULL,
  created_by VARCHAR(200) NOT NULL,
  update_time_us BIGINT NOT NULL,
  updated_by VARCHAR(200) NOT NULL,
  version BIGINT NOT NULL,
  create_request_id VARCHAR(64) NULL,
  CONSTRAINT uq_enforcement_cases_number UNIQUE (department_id, case_number),
  CONSTRAINT uq_enforcement_cases_request UNIQUE (create_request_id)
);

-- ListCases: a department (or each of a subtree), optionally a year, in filing order.
CREATE INDEX ix_enforcement_cases_department ON enforcement_cases (department_id, filed_ymd, id);
CREATE INDEX ix_enforcement_cases_year ON enforcement_cases (filed_year, department_id, filed_ymd, id);
CREATE INDEX ix_enforcement_cases_stage ON enforcement_cases (stage, department_id, filed_ymd, id);
-- The public feed: published and not withdrawn, newest decision first.
CREATE INDEX ix_enforcement_cases_feed ON enforcement_cases (published, disclosure_withdrawn, decision_ymd, id);
-- Overdue lists: undecided cases by due date, unpublished decisions by disclosure due date.
CREATE INDEX ix_enforcement_cases_decision_due ON enforcement_cases (decision_ymd, decision_due_ymd);
CREATE INDEX ix_enforcement_cases_disclosure_due ON enforcement_cases (published, disclosure_due_ymd);

-- 法律依据, in the order given.
CREATE TABLE case_legal_bases (
  case_id VARCHAR(63) NOT NULL,
  seq INTEGER NOT NULL,
  law VARCHAR(400) NOT NULL,
  article VARCHAR(400) NOT NULL,
  PRIMARY KEY (case_id, seq),
  CONSTRAINT fk_case_legal_bases_case FOREIGN KEY (case_id) REFERENCES enforcement_cases (id)
);

-- The officers handling the case (role 1) and those who made the decision (role 2).
CREATE TABLE case_officers (
  case_id VARCHAR(63) NOT NULL,
  role INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  officer_id VARCHAR(63) NOT NULL,
  PRIMARY KEY (case_id, role, seq),
  CONSTRAINT fk_case_officers_case FOREIGN KEY (case_id) REFERENCES enforcement_cases (id)
);

CREATE INDEX ix_case_officers_officer ON case_officers (officer_id, case_id);

CREATE TABLE case_sanctions (
  case_id VARCHAR(63) NOT NULL,
  seq INTEGER NOT NULL,
  sanction_type INTEGER NOT NULL,
  amount_fen BIGINT NOT NULL,
  description TEXT NULL,
  PRIMARY KEY (case_id, seq),
  CONSTRAINT fk_case_sanctions_case FOREIGN KEY (case_id) REFERENCES enforcement_cases (id)
);

-- 全过程记录: one row per move.
CREATE TABLE case_events (
  case_id VARCHAR(63) NOT NULL,
  seq INTEGER NOT NULL,
  from_stage INTEGER NOT NULL,
  to_stage INTEGER NOT NULL,
  action VARCHAR(40) NOT NULL,
  actor VARCHAR(200) NOT NULL,
  time_us BIGINT NOT NULL,
  note TEXT NULL,
  PRIMARY KEY (case_id, seq),
  CONSTRAINT fk_case_events_case FOREIGN KEY (case_id) REFERENCES enforcement_cases (id)
);

-- Evidence recorded with an event, by reference and SHA-256.
CREATE TABLE case_evidence (
  case_id VARCHAR(63) NOT NULL,
  event_seq INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  reference VARCHAR(500) NOT NULL,
  sha256 CHAR(64) NOT NULL,
  description TEXT NULL,
  capture_time_us BIGINT NULL,
  PRIMARY KEY (case_id, event_seq, seq),
  CONSTRAINT fk_case_evidence_event FOREIGN KEY (case_id, event_seq) REFERENCES case_events (case_id, seq)
);
