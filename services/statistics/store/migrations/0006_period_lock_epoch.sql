-- The lock epoch: one row that every change to period_locks made by the service updates first
-- thing in its own transaction, and that every write of figures reads, with a shared lock on
-- MariaDB, before it checks the locks on its periods. A change to the locks therefore commits
-- either before a write reads the epoch (and the write sees it) or after the write commits, and
-- the locks the service keeps in memory are used only at the epoch they were read at
-- (StatisticsStore::set_lock_cache_ttl).
CREATE TABLE period_lock_epoch (
  id INTEGER NOT NULL PRIMARY KEY,
  epoch BIGINT NOT NULL
);
INSERT INTO period_lock_epoch (id, epoch) VALUES (1, 0);
