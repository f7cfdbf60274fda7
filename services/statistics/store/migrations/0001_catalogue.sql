-- The indicator catalogue and who reports what. period_types is a comma list of
-- fazhi.common.v1.PeriodType numbers.
CREATE TABLE indicators (
  code VARCHAR(100) NOT NULL PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  unit VARCHAR(10) NOT NULL,
  value_type INTEGER NOT NULL,
  aggregation INTEGER NOT NULL,
  period_types VARCHAR(20) NOT NULL,
  report_section VARCHAR(40) NOT NULL,
  demonstration_indicator INTEGER NOT NULL,
  numerator_code VARCHAR(100) NOT NULL,
  denominator_code VARCHAR(100) NOT NULL,
  description VARCHAR(500) NOT NULL,
  create_time_us BIGINT NOT NULL,
  update_time_us BIGINT NOT NULL,
  version BIGINT NOT NULL
);

CREATE TABLE reporting_obligations (
  indicator_code VARCHAR(100) NOT NULL,
  department_kind INTEGER NOT NULL,
  period_type INTEGER NOT NULL,
  due_days INTEGER NOT NULL,
  PRIMARY KEY (indicator_code, department_kind, period_type),
  CONSTRAINT fk_obligations_indicator FOREIGN KEY (indicator_code) REFERENCES indicators (code)
);
