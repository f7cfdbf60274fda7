-- Validation rules (校验规则). left_expr and right_expr hold the expressions as written (LEFT
-- and RIGHT are reserved words in MySQL); comparison, importance, missing_value_strategy and
-- period_type are fazhi.statistics.v1 / fazhi.common.v1 enum numbers.
CREATE TABLE validation_rules (
  id VARCHAR(63) NOT NULL PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  left_expr VARCHAR(1000) NOT NULL,
  comparison INTEGER NOT NULL,
  right_expr VARCHAR(1000) NOT NULL,
  tolerance_basis_points BIGINT NOT NULL,
  importance INTEGER NOT NULL,
  missing_value_strategy INTEGER NOT NULL,
  period_type INTEGER NOT NULL,
  create_time_us BIGINT NOT NULL,
  update_time_us BIGINT NOT NULL,
  version BIGINT NOT NULL
);
