#!/usr/bin/env bash
# Backs up the platform's databases the two ways docs/operations.md describes and proves each restores:
#   1. mariadb-dump --single-transaction (a consistent InnoDB snapshot, services keep writing), restored
#      into a t_restore_* database beside the source;
#   2. mariabackup (physical, hot), prepared and started as a private mariadbd on its own port and data
#      directory (skipped when mariabackup is not installed: apt install mariadb-backup).
# Each restored table must match its source in row count and CHECKSUM TABLE, so run it while the
# platform is idle (no writes between backup and comparison), e.g. after `npm stop`.
# Usage: tools/db/backup-restore-check.sh [database ...]   (default: every edubase_* database)
set -euo pipefail
HOST=${DB_HOST:-127.0.0.1}
PORT=${DB_PORT:-3306}
USER=${DB_USER:-root}
RESTORE_PORT=${RESTORE_PORT:-3399}
WORK=$(mktemp -d /tmp/edubase-backup.XXXXXX)
sql() { mariadb -h"$HOST" -P"$PORT" -u"$USER" -N -B "$@"; }
DATABASES=${*:-$(sql -e "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'edubase\\_%' ORDER BY 1")}

# "table rows checksum" per base table of database $2 on port $1.
fingerprint() {
  local port=$1 db=$2
  local tables
  tables=$(mariadb -h127.0.0.1 -P"$port" -u"$USER" -N -B -e \
    "SELECT table_name FROM information_schema.tables WHERE table_schema='$db' AND table_type='BASE TABLE' ORDER BY 1")
  for table in $tables; do
    local rows sum
    rows=$(mariadb -h127.0.0.1 -P"$port" -u"$USER" -N -B -e "SELECT COUNT(*) FROM \`$db\`.\`$table\`")
    sum=$(mariadb -h127.0.0.1 -P"$port" -u"$USER" -N -B -e "CHECKSUM TABLE \`$db\`.\`$table\`" | cut -f2)
    echo "$table $rows $sum"
  done
}

failed=0
compare() {
  local what=$1 db=$2 expected=$3 actual=$4
  if [ "$expected" = "$actual" ]; then
    echo "✔ $what $db: $(echo "$expected" | wc -l) tables, $(echo "$expected" | awk '{s+=$2} END {print s}') rows, checksums equal"
  else
    echo "✖ $what $db differs:"; diff <(echo "$expected") <(echo "$actual") || true; failed=1
  fi
}

for db in $DATABASES; do
  before=$(fingerprint "$PORT" "$db")
  started=$(date +%s.%N)
  mariadb-dump -h"$HOST" -P"$PORT" -u"$USER" --single-transaction --routines --triggers --events \
    --hex-blob "$db" > "$WORK/$db.sql"
  dumped=$(date +%s.%N)
  target="t_restore_${db}_$$"
  sql -e "CREATE DATABASE \`$target\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
  sql "$target" < "$WORK/$db.sql"
  restored=$(date +%s.%N)
  compare "mariadb-dump" "$db" "$before" "$(fingerprint "$PORT" "$target")"
  printf '  dump %.1f s (%s), restore %.1f s\n' "$(echo "$dumped - $started" | bc)" \
    "$(du -h "$WORK/$db.sql" | cut -f1)" "$(echo "$restored - $dumped" | bc)"
  sql -e "DROP DATABASE \`$target\`"
done

if command -v mariabackup > /dev/null; then
  started=$(date +%s.%N)
  # shellcheck disable=SC2086
  mariabackup --backup --host="$HOST" --port="$PORT" --user="$USER" --target-dir="$WORK/physical" \
    --databases="mysql $(echo $DATABASES)" > "$WORK/mariabackup.log" 2>&1
  mariabackup --prepare --target-dir="$WORK/physical" >> "$WORK/mariabackup.log" 2>&1
  prepared=$(date +%s.%N)
  mariadbd --no-defaults --user=root --datadir="$WORK/physical" --port="$RESTORE_PORT" \
    --bind-address=127.0.0.1 --socket="$WORK/restore.sock" --pid-file="$WORK/restore.pid" \
    --skip-grant-tables --innodb-buffer-pool-size=128M > "$WORK/restore-server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 60); do
    mariadb -h127.0.0.1 -P"$RESTORE_PORT" -u"$USER" -e 'SELECT 1' > /dev/null 2>&1 && break
    sleep 1
  done
  printf 'mariabackup: backup and prepare %.1f s (%s)\n' "$(echo "$prepared - $started" | bc)" \
    "$(du -sh "$WORK/physical" | cut -f1)"
  for db in $DATABASES; do
    compare "mariabackup" "$db" "$(fingerprint "$PORT" "$db")" "$(fingerprint "$RESTORE_PORT" "$db")"
  done
  kill "$server"
  wait "$server" || true
else
  echo "mariabackup not installed: physical backup not checked (apt install mariadb-backup)"
fi
rm -rf "$WORK"
exit $failed
