-- CreateValidationRule's idempotency key: the caller-scoped key (common/app/request_key.h) of the
-- request_id that created the rule, NULL for rules created without one and for the shipped ones.
-- Unique, so a concurrent retry cannot insert a second rule; NULLs do not collide on either
-- backend, so one file serves both.
ALTER TABLE validation_rules ADD COLUMN create_request_id VARCHAR(64) NULL;
CREATE UNIQUE INDEX uq_validation_rules_request ON validation_rules (create_request_id);
