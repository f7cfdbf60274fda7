-- Whether a reconsideration's applicant is an organisation, whose name is no personal data and is
-- shown to every reader (a person's is masked for most, auth::MaySeePersonalData). Rows from
-- before this column were all treated as persons; they stay so until corrected.

ALTER TABLE reconsiderations ADD COLUMN applicant_organisation INTEGER NOT NULL DEFAULT 0;
