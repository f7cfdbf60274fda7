-- Reporting relations (whom a unit reports to: its Party committee, its 人大常委会, the unit one
-- level up) with their history. A relation is in force from valid_from up to the day before
-- valid_to (NULL: still in force), as units are; a later relation of the same kind closes the
-- earlier one. Rows are never deleted. Dates are yyyymmdd, times UTC microseconds since the epoch.
CREATE TABLE department_relations (
  department_id VARCHAR(63) NOT NULL,
  kind INTEGER NOT NULL,
  valid_from_ymd BIGINT NOT NULL,
  valid_to_ymd BIGINT NULL,
  related_id VARCHAR(63) NOT NULL,
  reason VARCHAR(200) NOT NULL,
  set_by VARCHAR(128) NOT NULL,
  set_time_us BIGINT NOT NULL,
  PRIMARY KEY (department_id, kind, valid_from_ymd),
  CONSTRAINT fk_department_relations_department FOREIGN KEY (department_id)
    REFERENCES departments (id),
  CONSTRAINT fk_department_relations_related FOREIGN KEY (related_id) REFERENCES departments (id)
);

-- Who reports to a unit (the reports service's recipients, read the other way).
CREATE INDEX ix_department_relations_related ON department_relations (related_id, kind);
