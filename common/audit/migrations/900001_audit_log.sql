-- The audit log every service keeps in its own schema. Versions from 900001 up are reserved for
-- common/ so they never collide with a service's own migrations.
CREATE TABLE audit_log (
  id VARCHAR(32) NOT NULL PRIMARY KEY,
  time_us BIGINT NOT NULL,
  actor VARCHAR(128) NOT NULL,
  rpc VARCHAR(200) NOT NULL,
  target_type VARCHAR(40) NOT NULL,
  target_id VARCHAR(63) NOT NULL,
  action VARCHAR(40) NOT NULL,
  changes TEXT NOT NULL,
  request_id VARCHAR(128) NOT NULL
);

CREATE INDEX ix_audit_log_target ON audit_log (target_type, target_id, time_us, id);
CREATE INDEX ix_audit_log_time ON audit_log (time_us, id);
