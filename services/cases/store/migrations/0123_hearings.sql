-- Hearings (听证, 行政处罚法 Arts 63-65) on enforcement cases, beside hearing_requested (0001):
-- the day the party requested one, whether the decision gave hearing rights (Art. 63, judged when
-- it is made), and the hearing once held: the day it was announced to the party, the day it was
-- held, whether the party appeared, the presiding officer's id and where its transcript is kept.
-- Same SQL on SQLite and MySQL/MariaDB; one column per statement for SQLite.

ALTER TABLE enforcement_cases ADD COLUMN hearing_request_ymd BIGINT NULL;
ALTER TABLE enforcement_cases ADD COLUMN hearing_rights INTEGER NOT NULL DEFAULT 0;
ALTER TABLE enforcement_cases ADD COLUMN hearing_notice_ymd BIGINT NULL;
ALTER TABLE enforcement_cases ADD COLUMN hearing_ymd BIGINT NULL;
ALTER TABLE enforcement_cases ADD COLUMN hearing_party_appeared INTEGER NOT NULL DEFAULT 0;
ALTER TABLE enforcement_cases ADD COLUMN hearing_presiding_id VARCHAR(400) NULL;
ALTER TABLE enforcement_cases ADD COLUMN hearing_transcript TEXT NULL;

-- Until now a hearing could only be requested with the notification, so that is the request's day.
-- Decisions made before this migration keep hearing_rights 0: the thresholds they were judged by
-- were never recorded.
UPDATE enforcement_cases SET hearing_request_ymd = notified_ymd
  WHERE hearing_requested = 1 AND notified_ymd IS NOT NULL;
