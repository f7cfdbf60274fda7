-- Due dates whose year has no working-day calendar yet (the State Council publishes a year's
-- holidays in the December before): the stored date is provisional (the period counted without
-- holidays) and the flag is set until the service, started with that year's calendar, counts it
-- again (ResolvePendingDueDates). Also: how many times a penalty case's decision deadline was
-- extended (at most twice, domain/deadlines.h), and whether a reconsideration was deemed accepted
-- when its examination period passed without a refusal (行政复议法 Art. 30).

ALTER TABLE enforcement_cases ADD COLUMN decision_due_pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE enforcement_cases ADD COLUMN disclosure_due_pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE enforcement_cases ADD COLUMN extension_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reconsiderations ADD COLUMN examination_due_pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reconsiderations ADD COLUMN decision_due_pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reconsiderations ADD COLUMN deemed_accepted INTEGER NOT NULL DEFAULT 0;
