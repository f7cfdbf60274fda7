-- Annual reports (法治政府建设情况报告), their templates and their published versions. Dates are
-- yyyymmdd, times UTC microseconds since the epoch; version backs a report's etag. A published
-- version and everything under it (channels, recipients, figures, acknowledgements, changes) is
-- written once and never updated or deleted.
CREATE TABLE report_templates (
  id VARCHAR(63) NOT NULL PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  description TEXT NOT NULL,
  -- 0: for either kind of report.
  kind INTEGER NOT NULL,
  created_by VARCHAR(200) NOT NULL,
  create_time_us BIGINT NOT NULL
);

CREATE TABLE report_template_sections (
  template_id VARCHAR(63) NOT NULL,
  position INTEGER NOT NULL,
  section_key VARCHAR(63) NOT NULL,
  level INTEGER NOT NULL,
  heading VARCHAR(500) NOT NULL,
  run_in INTEGER NOT NULL,
  guidance MEDIUMTEXT NOT NULL,
  default_text MEDIUMTEXT NOT NULL,
  PRIMARY KEY (template_id, position),
  CONSTRAINT fk_template_sections FOREIGN KEY (template_id) REFERENCES report_templates (id)
);

CREATE TABLE report_template_definitions (
  template_id VARCHAR(63) NOT NULL,
  name VARCHAR(63) NOT NULL,
  position INTEGER NOT NULL,
  expression VARCHAR(512) NOT NULL,
  PRIMARY KEY (template_id, name),
  CONSTRAINT fk_template_definitions FOREIGN KEY (template_id) REFERENCES report_templates (id)
);

CREATE TABLE reports (
  id VARCHAR(63) NOT NULL PRIMARY KEY,
  department_id VARCHAR(63) NOT NULL,
  year INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  template_id VARCHAR(63) NOT NULL,
  title VARCHAR(300) NOT NULL,
  issuer_name VARCHAR(200) NOT NULL,
  state INTEGER NOT NULL,
  issue_date_ymd BIGINT NULL,
  published_version BIGINT NOT NULL,
  correction_reason TEXT NULL,
  created_by VARCHAR(200) NOT NULL,
  create_time_us BIGINT NOT NULL,
  update_time_us BIGINT NOT NULL,
  version BIGINT NOT NULL,
  create_request_id VARCHAR(64) NULL,
  -- One report per unit and year; a correction is a new version of it, not a new report.
  CONSTRAINT uq_reports_unit_year UNIQUE (department_id, year),
  CONSTRAINT uq_reports_create_request UNIQUE (create_request_id),
  CONSTRAINT fk_reports_template FOREIGN KEY (template_id) REFERENCES report_templates (id)
);

CREATE INDEX ix_reports_year ON reports (year, department_id);

CREATE TABLE report_sections (
  report_id VARCHAR(63) NOT NULL,
  position INTEGER NOT NULL,
  section_key VARCHAR(63) NOT NULL,
  level INTEGER NOT NULL,
  heading VARCHAR(500) NOT NULL,
  run_in INTEGER NOT NULL,
  body MEDIUMTEXT NOT NULL,
  PRIMARY KEY (report_id, position),
  CONSTRAINT fk_report_sections FOREIGN KEY (report_id) REFERENCES reports (id)
);

CREATE TABLE report_recipients (
  report_id VARCHAR(63) NOT NULL,
  position INTEGER NOT NULL,
  department_id VARCHAR(63) NOT NULL,
  name VARCHAR(200) NOT NULL,
  short_name VARCHAR(100) NOT NULL,
  basis INTEGER NOT NULL,
  submitted_on_ymd BIGINT NULL,
  document_number VARCHAR(100) NULL,
  PRIMARY KEY (report_id, position),
  CONSTRAINT fk_report_recipients FOREIGN KEY (report_id) REFERENCES reports (id)
);

CREATE TABLE report_acknowledgements (
  report_id VARCHAR(63) NOT NULL,
  position INTEGER NOT NULL,
  rule_id VARCHAR(100) NOT NULL,
  department_id VARCHAR(63) NOT NULL,
  message TEXT NOT NULL,
  reason TEXT NOT NULL,
  acknowledged_by VARCHAR(200) NOT NULL,
  acknowledge_time_us BIGINT NOT NULL,
  PRIMARY KEY (report_id, position),
  CONSTRAINT fk_report_acknowledgements FOREIGN KEY (report_id) REFERENCES reports (id)
);

-- The channels of the latest publication; each published version keeps its own below.
CREATE TABLE report_channels (
  report_id VARCHAR(63) NOT NULL,
  position INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  name VARCHAR(200) NOT NULL,
  published_on_ymd BIGINT NOT NULL,
  url VARCHAR(1000) NOT NULL,
  PRIMARY KEY (report_id, position),
  CONSTRAINT fk_report_channels FOREIGN KEY (report_id) REFERENCES reports (id)
);

CREATE TABLE published_reports (
  report_id VARCHAR(63) NOT NULL,
  version BIGINT NOT NULL,
  department_id VARCHAR(63) NOT NULL,
  year INTEGER NOT NULL,
  title VARCHAR(300) NOT NULL,
  kind INTEGER NOT NULL,
  publication_date_ymd BIGINT NOT NULL,
  correction_reason TEXT NOT NULL,
  html LONGTEXT NOT NULL,
  markdown LONGTEXT NOT NULL,
  plain_text LONGTEXT NOT NULL,
  html_sha256 CHAR(64) NOT NULL,
  markdown_sha256 CHAR(64) NOT NULL,
  text_sha256 CHAR(64) NOT NULL,
  published_by VARCHAR(200) NOT NULL,
  publish_time_us BIGINT NOT NULL,
  PRIMARY KEY (report_id, version),
  CONSTRAINT fk_published_reports FOREIGN KEY (report_id) REFERENCES reports (id)
);

CREATE INDEX ix_published_reports_year ON published_reports (year, department_id);

-- What a published version froze: its channels, recipients, acknowledged violations, changes
-- against the version before, and every figure it printed with the exact value behind it.
CREATE TABLE published_channels (
  report_id VARCHAR(63) NOT NULL,
  version BIGINT NOT NULL,
  position INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  name VARCHAR(200) NOT NULL,
  published_on_ymd BIGINT NOT NULL,
  url VARCHAR(1000) NOT NULL,
  PRIMARY KEY (report_id, version, position),
  CONSTRAINT fk_published_channels FOREIGN KEY (report_id, version)
    REFERENCES published_reports (report_id, version)
);

CREATE TABLE published_recipients (
  report_id VARCHAR(63) NOT NULL,
  version BIGINT NOT NULL,
  position INTEGER NOT NULL,
  department_id VARCHAR(63) NOT NULL,
  name VARCHAR(200) NOT NULL,
  short_name VARCHAR(100) NOT NULL,
  basis INTEGER NOT NULL,
  submitted_on_ymd BIGINT NULL,
  document_number VARCHAR(100) NULL,
  PRIMARY KEY (report_id, version, position),
  CONSTRAINT fk_published_recipients FOREIGN KEY (report_id, version)
    REFERENCES published_reports (report_id, version)
);

CREATE TABLE published_acknowledgements (
  report_id VARCHAR(63) NOT NULL,
  version BIGINT NOT NULL,
  position INTEGER NOT NULL,
  rule_id VARCHAR(100) NOT NULL,
  department_id VARCHAR(63) NOT NULL,
  message TEXT NOT NULL,
  reason TEXT NOT NULL,
  acknowledged_by VARCHAR(200) NOT NULL,
  acknowledge_time_us BIGINT NOT NULL,
  PRIMARY KEY (report_id, version, position),
  CONSTRAINT fk_published_acknowledgements FOREIGN KEY (report_id, version)
    REFERENCES published_reports (report_id, version)
);

CREATE TABLE published_changes (
  report_id VARCHAR(63) NOT NULL,
  version BIGINT NOT NULL,
  position INTEGER NOT NULL,
  section_key VARCHAR(63) NOT NULL,
  placeholder VARCHAR(512) NOT NULL,
  before_text MEDIUMTEXT NOT NULL,
  after_text MEDIUMTEXT NOT NULL,
  PRIMARY KEY (report_id, version, position),
  CONSTRAINT fk_published_changes FOREIGN KEY (report_id, version)
    REFERENCES published_reports (report_id, version)
);

-- Each section's prose as written (placeholders included) and as printed: a correction compares
-- the prose, so a changed figure alone is not reported as changed prose.
CREATE TABLE published_sections (
  report_id VARCHAR(63) NOT NULL,
  version BIGINT NOT NULL,
  position INTEGER NOT NULL,
  section_key VARCHAR(63) NOT NULL,
  source_text MEDIUMTEXT NOT NULL,
  rendered_text MEDIUMTEXT NOT NULL,
  PRIMARY KEY (report_id, version, position),
  CONSTRAINT fk_published_sections FOREIGN KEY (report_id, version)
    REFERENCES published_reports (report_id, version)
);

CREATE TABLE published_figures (
  report_id VARCHAR(63) NOT NULL,
  version BIGINT NOT NULL,
  position INTEGER NOT NULL,
  section_key VARCHAR(63) NOT NULL,
  placeholder VARCHAR(512) NOT NULL,
  rendered VARCHAR(100) NOT NULL,
  numerator BIGINT NOT NULL,
  denominator BIGINT NOT NULL,
  format VARCHAR(30) NOT NULL,
  -- "reconsideration.received@jiyuan=159", one per line: what the value was made of.
  inputs TEXT NOT NULL,
  PRIMARY KEY (report_id, version, position),
  CONSTRAINT fk_published_figures FOREIGN KEY (report_id, version)
    REFERENCES published_reports (report_id, version)
);
