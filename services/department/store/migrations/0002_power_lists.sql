-- Power and responsibility lists, their adjustments, and delegations. Dates are yyyymmdd.
-- legal_basis holds "law<US>article" entries separated by <RS> (ASCII 0x1f, 0x1e).
CREATE TABLE power_items (
  id VARCHAR(63) NOT NULL PRIMARY KEY,
  department_id VARCHAR(63) NOT NULL,
  code VARCHAR(40) NOT NULL,
  name VARCHAR(200) NOT NULL,
  category INTEGER NOT NULL,
  legal_basis TEXT NOT NULL,
  effective_ymd BIGINT NOT NULL,
  removed_ymd BIGINT NULL,
  status INTEGER NOT NULL,
  create_time_us BIGINT NOT NULL,
  update_time_us BIGINT NOT NULL,
  version BIGINT NOT NULL,
  create_request_id VARCHAR(64) NULL,
  CONSTRAINT uq_power_items_request UNIQUE (create_request_id),
  CONSTRAINT fk_power_items_department FOREIGN KEY (department_id) REFERENCES departments (id)
);

CREATE INDEX ix_power_items_department ON power_items (department_id, status, id);
CREATE INDEX ix_power_items_code ON power_items (department_id, code);

CREATE TABLE power_adjustments (
  id VARCHAR(32) NOT NULL PRIMARY KEY,
  power_item_id VARCHAR(63) NOT NULL,
  department_id VARCHAR(63) NOT NULL,
  kind INTEGER NOT NULL,
  reason VARCHAR(500) NOT NULL,
  document VARCHAR(100) NOT NULL,
  date_ymd BIGINT NOT NULL,
  actor VARCHAR(128) NOT NULL,
  create_time_us BIGINT NOT NULL,
  item_code VARCHAR(40) NOT NULL,
  item_name VARCHAR(200) NOT NULL,
  changes TEXT NOT NULL,
  CONSTRAINT fk_power_adjustments_item FOREIGN KEY (power_item_id) REFERENCES power_items (id)
);

CREATE INDEX ix_power_adjustments_date ON power_adjustments (date_ymd, id);
CREATE INDEX ix_power_adjustments_department ON power_adjustments (department_id, date_ymd);

CREATE TABLE delegations (
  id VARCHAR(63) NOT NULL PRIMARY KEY,
  title VARCHAR(200) NOT NULL,
  document VARCHAR(100) NOT NULL,
  grantor_id VARCHAR(63) NOT NULL,
  effective_ymd BIGINT NOT NULL,
  revoked_ymd BIGINT NULL,
  revoke_reason VARCHAR(500) NOT NULL,
  status INTEGER NOT NULL,
  create_time_us BIGINT NOT NULL,
  update_time_us BIGINT NOT NULL,
  version BIGINT NOT NULL,
  create_request_id VARCHAR(64) NULL,
  CONSTRAINT uq_delegations_request UNIQUE (create_request_id),
  CONSTRAINT fk_delegations_grantor FOREIGN KEY (grantor_id) REFERENCES departments (id)
);

CREATE TABLE delegation_items (
  delegation_id VARCHAR(63) NOT NULL,
  power_item_id VARCHAR(63) NOT NULL,
  PRIMARY KEY (delegation_id, power_item_id),
  CONSTRAINT fk_delegation_items_delegation FOREIGN KEY (delegation_id) REFERENCES delegations (id),
  CONSTRAINT fk_delegation_items_item FOREIGN KEY (power_item_id) REFERENCES power_items (id)
);

CREATE INDEX ix_delegation_items_item ON delegation_items (power_item_id);

CREATE TABLE delegation_grantees (
  delegation_id VARCHAR(63) NOT NULL,
  department_id VARCHAR(63) NOT NULL,
  PRIMARY KEY (delegation_id, department_id),
  CONSTRAINT fk_delegation_grantees_delegation FOREIGN KEY (delegation_id) REFERENCES delegations (id),
  CONSTRAINT fk_delegation_grantees_department FOREIGN KEY (department_id) REFERENCES departments (id)
);

CREATE INDEX ix_delegation_grantees_department ON delegation_grantees (department_id);
