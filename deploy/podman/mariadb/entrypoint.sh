#!/bin/sh
# First start on an empty data directory: system tables, the root password from
# MARIADB_ROOT_PASSWORD (for local and remote root), then every /docker-entrypoint-initdb.d/*.sql.
# Then (and on every later start) mariadbd in the foreground with the arguments given.
set -eu
datadir=/var/lib/mysql
socket=/run/mysqld/mysqld.sock
if [ ! -d "$datadir/mysql" ]; then
  : "${MARIADB_ROOT_PASSWORD:?MARIADB_ROOT_PASSWORD must be set on the first start}"
  echo "entrypoint: initialising $datadir"
  mariadb-install-db --datadir="$datadir" --auth-root-authentication-method=normal \
    --skip-test-db >/dev/null
  mariadbd --datadir="$datadir" --socket="$socket" --skip-networking "$@" &
  pid=$!
  i=0
  until mariadb-admin --socket="$socket" -uroot ping >/dev/null 2>&1; do
    i=$((i + 1))
    [ "$i" -lt 60 ] || { echo "entrypoint: mariadbd did not start" >&2; exit 1; }
    sleep 1
  done
  # The password travels on stdin, never on a command line.
  mariadb --socket="$socket" -uroot <<SQL
ALTER USER 'root'@'localhost' IDENTIFIED BY '${MARIADB_ROOT_PASSWORD}';
CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY '${MARIADB_ROOT_PASSWORD}';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
  for f in /docker-entrypoint-initdb.d/*.sql; do
    [ -f "$f" ] || continue
    echo "entrypoint: running $f"
    MYSQL_PWD="$MARIADB_ROOT_PASSWORD" mariadb --socket="$socket" -uroot <"$f"
  done
  kill "$pid"
  wait "$pid" || true
  echo "entrypoint: initialised"
fi
exec mariadbd --datadir="$datadir" --socket="$socket" --bind-address=0.0.0.0 "$@"
