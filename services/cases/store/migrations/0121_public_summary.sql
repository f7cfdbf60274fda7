-- The summary of a decision's facts that the public feed shows (PublishDecisionRequest
-- .public_summary) instead of the internal facts, which may name a person. NULL for a case not
-- yet published, and for one published before this column existed (the feed then shows none).

ALTER TABLE enforcement_cases ADD COLUMN public_summary TEXT NULL;
