#!/bin/sh
# The official image's readiness check as the dev overlay uses it: the server answers on its
# socket (mariadb-admin ping succeeds once mariadbd accepts connections, even without a login).
exec mariadb-admin --socket=/run/mysqld/mysqld.sock --connect-timeout=2 ping >/dev/null 2>&1
