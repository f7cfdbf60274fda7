-- Supervision (重大行政处罚备案审查, 案卷评查, 投诉举报 with 监督意见书), reconsideration (行政复议)
-- and litigation (行政诉讼) records. Dates are yyyymmdd, times UTC microseconds since the epoch.
-- Each record row holds its current state and a version that every write increments (etags);
-- create_request_id makes creates idempotent. Enforcement cases are referred to by id only.

CREATE TABLE major_case_filings (
  id VARCHAR(63) NOT NULL PRIMARY KEY,
  case_id VARCHAR(63) NOT NULL,
  department_id VARCHAR(63) NOT NULL,
  filed_ymd BIGINT NOT NULL,
  filed_year INTEGER NOT NULL,
  status INTEGER NOT NULL,
  reviewer VARCHAR(200) NULL,
  review_ymd BIGINT NULL,
  rectification INTEGER NOT NULL,
  create_time_us BIGINT NOT NULL,
  created_by VARCHAR(200) NOT NULL,
  update_time_us BIGINT NOT NULL,
  updated_by VARCHAR(200) NOT NULL,
  version BIGINT NOT NULL,
  create_request_id VARCHAR(64) NULL,
  -- One filing per case.
  CONSTRAINT uq_major_case_filings_case UNIQUE (case_id),
  CONSTRAINT uq_major_case_filings_request UNIQUE (create_request_id)
);
CREATE INDEX ix_major_case_filings_department ON major_case_filings (department_id, filed_ymd, id);
CREATE INDEX ix_major_case_filings_year ON major_case_filings (filed_year, department_id, filed_ymd, id);

CREATE TABLE case_file_reviews (
  id VARCHAR(63) NOT NULL PRIMARY KEY,
  case_id VARCHAR(63) NOT NULL,
  department_id VARCHAR(63) NOT NULL,
  reviewer VARCHAR(200) NOT NULL,
  review_ymd BIGINT NOT NULL,
  review_year INTEGER NOT NULL,
  score INTEGER NOT NULL,
  create_time_us BIGINT NOT NULL,
  created_by VARCHAR(200) NOT NULL,
  update_time_us BIGINT NOT NULL,
  updated_by VARCHAR(200) NOT NULL,
  version BIGINT NOT NULL,
  create_request_id VARCHAR(64) NULL,
  CONSTRAINT uq_case_file_reviews_request UNIQUE (create_request_id)
);
CREATE INDEX ix_case_file_reviews_department ON case_file_reviews (department_id, review_ymd, id);
CREATE INDEX ix_case_file_reviews_year ON case_file_reviews (review_year, department_id, review_ymd, id);

CREATE TABLE complaints (
  id VARCHAR(63) NOT NULL PRIMARY KEY,
  department_id VARCHAR(63) NOT NULL,
  case_id VARCHAR(63) NULL,
  -- Personal data: returned in full only to supervisors and admins.
  complainant VARCHAR(400) NOT NULL,
  content TEXT NOT NULL,
  received_ymd BIGINT NOT NULL,
  received_year INTEGER NOT NULL,
  letter_document_number VARCHAR(100) NULL,
  letter_issued_ymd BIGINT NULL,
  letter_due_ymd BIGINT NULL,
  rectification INTEGER NOT NULL,
  rectification_report TEXT NULL,
  create_time_us BIGINT NOT NULL,
  created_by VARCHAR(200) NOT NULL,
  update_time_us BIGINT NOT NULL,
  updated_by VARCHAR(200) NOT NULL,
  version BIGINT NOT NULL,
  create_request_id VARCHAR(64) NULL,
  CONSTRAINT uq_complaints_request UNIQUE (create_request_id)
);
CREATE INDEX ix_complaints_department ON complaints (department_id, received_ymd, id);
CREATE INDEX ix_complaints_year ON complaints (received_year, department_id, received_ymd, id);

-- The repeated texts of the records above, in order: a filing's rectification suggestions
-- (kind 1), a case-file review's findings (2), a supervision letter's requirements (3).
CREATE TABLE supervision_lines (
  record_id VARCHAR(63) NOT NULL,
  kind INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  line TEXT NOT NULL,
  PRIMARY KEY (record_id, kind, seq)
);

CREATE TABLE reconsiderations (
  id VARCHAR(63) NOT NULL PRIMARY KEY,
  body_department_id VARCHAR(63) NOT NULL,
  respondent_department_id VARCHAR(63) NOT NULL,
  case_id VARCHAR(63) NULL,
  -- Personal data: returned in full only to the body, supervisors and admins.
  applicant VARCHAR(400) NOT NULL,
  request TEXT NOT NULL,
  application_ymd BIGINT NOT NULL,
  application_year INTEGER NOT NULL,
  simple_procedure INTEGER NOT NULL,
  stage INTEGER NOT NULL,
  examination_due_ymd BIGINT NOT NULL,
  acceptance_ymd BIGINT NULL,
  not_accepted_reason TEXT NULL,
  decision_due_ymd BIGINT NULL,
  extension_days INTEGER NOT NULL,
  extension_reason TEXT NULL,
  outcome INTEGER NOT NULL,
  decision_ymd BIGINT NULL,
  decision_summary TEXT NULL,
  create_time_us BIGINT NOT NULL,
  created_by VARCHAR(200) NOT NULL,
  update_time_us BIGINT NOT NULL,
  updated_by VARCHAR(200) NOT NULL,
  version BIGINT NOT NULL,
  create_request_id VARCHAR(64) NULL,
  CONSTRAINT uq_reconsiderations_request UNIQUE (create_request_id)
);
CREATE INDEX ix_reconsiderations_body ON reconsiderations (body_department_id, application_ymd, id);
CREATE INDEX ix_reconsiderations_respondent ON reconsiderations (respondent_department_id, application_ymd, id);
CREATE INDEX ix_reconsiderations_year ON reconsiderations (application_year, application_ymd, id);

CREATE TABLE lawsuits (
  id VARCHAR(63) NOT NULL PRIMARY KEY,
  court_case_number VARCHAR(100) NOT NULL,
  court VARCHAR(200) NOT NULL,
  -- Personal data when a person: returned in full only to supervisors and admins.
  plaintiff VARCHAR(400) NOT NULL,
  plaintiff_organisation INTEGER NOT NULL,
  defendant_department_id VARCHAR(63) NOT NULL,
  government_defendant INTEGER NOT NULL,
  case_id VARCHAR(63) NULL,
  reconsideration_id VARCHAR(63) NULL,
  filed_ymd BIGINT NOT NULL,
  filed_year INTEGER NOT NULL,
  outcome INTEGER NOT NULL,
  judgment_ymd BIGINT NULL,
  create_time_us BIGINT NOT NULL,
  created_by VARCHAR(200) NOT NULL,
  update_time_us BIGINT NOT NULL,
  updated_by VARCHAR(200) NOT NULL,
  version BIGINT NOT NULL,
  create_request_id VARCHAR(64) NULL,
  -- A court's case number names one suit.
  CONSTRAINT uq_lawsuits_number UNIQUE (court, court_case_number),
  CONSTRAINT uq_lawsuits_request UNIQUE (create_request_id)
);
CREATE INDEX ix_lawsuits_defendant ON lawsuits (defendant_department_id, filed_ymd, id);
CREATE INDEX ix_lawsuits_year ON lawsuits (filed_year, defendant_department_id, filed_ymd, id);

CREATE TABLE lawsuit_hearings (
  lawsuit_id VARCHAR(63) NOT NULL,
  seq INTEGER NOT NULL,
  hearing_ymd BIGINT NOT NULL,
  head_appeared INTEGER NOT NULL,
  head_title VARCHAR(100) NULL,
  PRIMARY KEY (lawsuit_id, seq),
  CONSTRAINT fk_lawsuit_hearings_lawsuit FOREIGN KEY (lawsuit_id) REFERENCES lawsuits (id)
);
