-- Figures, their revisions, import receipts (for idempotent replays) and period locks.
-- period_key is the period's text form (2021, 2021H1, 2021Q3, 2021-07), which sorts in time
-- order within one period type.
CREATE TABLE data_points (
  indicator_code VARCHAR(100) NOT NULL,
  department_id VARCHAR(63) NOT NULL,
  period_key VARCHAR(10) NOT NULL,
  period_type INTEGER NOT NULL,
  value BIGINT NOT NULL,
  source VARCHAR(20) NOT NULL,
  revision BIGINT NOT NULL,
  update_time_us BIGINT NOT NULL,
  updated_by VARCHAR(128) NOT NULL,
  PRIMARY KEY (indicator_code, department_id, period_key),
  CONSTRAINT fk_data_points_indicator FOREIGN KEY (indicator_code) REFERENCES indicators (code)
);

CREATE INDEX ix_data_points_period ON data_points (period_key, indicator_code, department_id);

CREATE TABLE data_point_revisions (
  indicator_code VARCHAR(100) NOT NULL,
  department_id VARCHAR(63) NOT NULL,
  period_key VARCHAR(10) NOT NULL,
  revision BIGINT NOT NULL,
  had_previous INTEGER NOT NULL,
  previous_value BIGINT NOT NULL,
  value BIGINT NOT NULL,
  actor VARCHAR(128) NOT NULL,
  time_us BIGINT NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  source VARCHAR(20) NOT NULL,
  PRIMARY KEY (indicator_code, department_id, period_key, revision)
);

CREATE TABLE imports (
  request_id VARCHAR(64) NOT NULL PRIMARY KEY,
  summary TEXT NOT NULL,
  actor VARCHAR(128) NOT NULL,
  create_time_us BIGINT NOT NULL
);

CREATE TABLE period_locks (
  id VARCHAR(63) NOT NULL PRIMARY KEY,
  period_key VARCHAR(10) NOT NULL,
  department_id VARCHAR(63) NOT NULL,
  reason VARCHAR(500) NOT NULL,
  locked_by VARCHAR(128) NOT NULL,
  lock_time_us BIGINT NOT NULL,
  unlocked INTEGER NOT NULL,
  unlock_reason VARCHAR(500) NOT NULL,
  unlocked_by VARCHAR(128) NOT NULL,
  unlock_time_us BIGINT NOT NULL
);

CREATE INDEX ix_period_locks_period ON period_locks (period_key, unlocked);
