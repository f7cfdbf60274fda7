-- Law-enforcement officers and their certificates. A certificate's state on any day is computed
-- from certificate_events (issue, renew, suspend, reinstate, revoke; never deleted or changed),
-- not kept in a status column. Dates are yyyymmdd, times UTC microseconds since the epoch.
CREATE TABLE officers (
  id VARCHAR(63) NOT NULL PRIMARY KEY,
  department_id VARCHAR(63) NOT NULL,
  name VARCHAR(50) NOT NULL,
  -- 公民身份号码, normalised (X upper-case); the API only ever returns it masked.
  id_number CHAR(18) NULL,
  status INTEGER NOT NULL,
  create_time_us BIGINT NOT NULL,
  update_time_us BIGINT NOT NULL,
  version BIGINT NOT NULL,
  create_request_id VARCHAR(64) NULL,
  CONSTRAINT uq_officers_id_number UNIQUE (id_number),
  CONSTRAINT uq_officers_create_request UNIQUE (create_request_id),
  CONSTRAINT fk_officers_department FOREIGN KEY (department_id) REFERENCES departments (id)
);

CREATE INDEX ix_officers_department ON officers (department_id, id);
CREATE INDEX ix_officers_status ON officers (status, id);

-- One row per certificate: what never changes about it. issue_ymd copies the issue event's date
-- for ordering an officer's certificates.
CREATE TABLE certificates (
  number VARCHAR(40) NOT NULL PRIMARY KEY,
  officer_id VARCHAR(63) NOT NULL,
  department_id VARCHAR(63) NOT NULL,
  issue_ymd BIGINT NOT NULL,
  create_time_us BIGINT NOT NULL,
  CONSTRAINT fk_certificates_officer FOREIGN KEY (officer_id) REFERENCES officers (id),
  CONSTRAINT fk_certificates_department FOREIGN KEY (department_id) REFERENCES departments (id)
);

CREATE INDEX ix_certificates_officer ON certificates (officer_id, issue_ymd, create_time_us);
CREATE INDEX ix_certificates_department ON certificates (department_id, number);

CREATE TABLE certificate_events (
  certificate_number VARCHAR(40) NOT NULL,
  seq INTEGER NOT NULL,
  event_type INTEGER NOT NULL,
  event_ymd BIGINT NOT NULL,
  -- issue and renew: the last valid day from event_ymd on.
  expiry_ymd BIGINT NULL,
  reason VARCHAR(200) NOT NULL,
  record_time_us BIGINT NOT NULL,
  request_id VARCHAR(64) NULL,
  PRIMARY KEY (certificate_number, seq),
  CONSTRAINT uq_certificate_events_request UNIQUE (request_id),
  CONSTRAINT fk_certificate_events_certificate FOREIGN KEY (certificate_number)
    REFERENCES certificates (number)
);

CREATE INDEX ix_certificate_events_date ON certificate_events (event_ymd, certificate_number, seq);
