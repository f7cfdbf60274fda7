-- The unit registry. Times are UTC microseconds since the epoch; dates (valid_from, valid_to:
-- the days a unit was established and dissolved) are yyyymmdd; version backs the etag.
CREATE TABLE departments (
  id VARCHAR(63) NOT NULL PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  short_name VARCHAR(30) NOT NULL,
  kind INTEGER NOT NULL,
  level INTEGER NOT NULL,
  parent_id VARCHAR(63) NULL,
  credit_code CHAR(18) NULL,
  region_code CHAR(6) NULL,
  law_enforcement_body INTEGER NOT NULL,
  has_legal_affairs_office INTEGER NOT NULL,
  status INTEGER NOT NULL,
  successor_id VARCHAR(63) NULL,
  create_time_us BIGINT NOT NULL,
  update_time_us BIGINT NOT NULL,
  dissolve_time_us BIGINT NULL,
  valid_from_ymd BIGINT NOT NULL,
  valid_to_ymd BIGINT NULL,
  version BIGINT NOT NULL,
  create_request_id VARCHAR(64) NULL,
  CONSTRAINT uq_departments_credit_code UNIQUE (credit_code),
  CONSTRAINT uq_departments_create_request UNIQUE (create_request_id),
  CONSTRAINT fk_departments_parent FOREIGN KEY (parent_id) REFERENCES departments (id),
  CONSTRAINT fk_departments_successor FOREIGN KEY (successor_id) REFERENCES departments (id)
);

CREATE INDEX ix_departments_parent ON departments (parent_id, id);
CREATE INDEX ix_departments_kind ON departments (kind, id);
CREATE INDEX ix_departments_name ON departments (parent_id, name);
