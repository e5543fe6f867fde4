#!/usr/bin/env bash
# Dumps the schema a fresh database gets from the migration sets of the current Release build, for comparing two
# builds (decision 034: the squash was checked this way).
#   bash scripts/migrated-schema.sh OUT_DIR        → OUT_DIR/sqlite.columns, sqlite.objects, sqlite.schema, postgres.sql
# Needs dotnet-ef 10.0.15 on PATH (dotnet tool install dotnet-ef --version 10.0.15 --tool-path DIR) and PG_URL/PG_PORT
# from scripts/pg-throwaway.sh (pg_throwaway_start). Build first: dotnet build WllmSign.sln -c Release.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "$1"); mkdir -p "$out"
source scripts/pg-throwaway.sh
bin=$(pg_bin_dir)
db="schema_$(date +%s%N)"
ef() { dotnet-ef database update -p src/WllmSign.Portal -s src/WllmSign.Portal --configuration Release --no-build "$@" >/dev/null; }

rm -f "$out/fresh.db"
ef --context SqliteAppDbContext --connection "Data Source=$out/fresh.db"
# Columns (order, type, null, default, key) of every table, and every index and trigger word for word. The CREATE
# TABLE text itself differs where an old migration added a column (SQLite appends ", col" to the stored text).
sqlite3 "$out/fresh.db" "select m.name, p.cid, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk from sqlite_master m join pragma_table_info(m.name) p where m.type='table' order by m.name, p.cid" > "$out/sqlite.columns"
sqlite3 "$out/fresh.db" "select type, name, tbl_name, sql from sqlite_master where type in ('index','trigger') order by type, name" > "$out/sqlite.objects"
sqlite3 "$out/fresh.db" .schema | sort > "$out/sqlite.schema"

"$bin/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE $db"
ef --context PostgresAppDbContext --connection "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$db"
# pg_dump 15.14+ writes a random \restrict key per dump: left out.
"$bin/pg_dump" -h 127.0.0.1 -p "$PG_PORT" -U postgres --schema-only "$db" | grep -v '^\\\(un\)\?restrict ' > "$out/postgres.sql"
"$bin/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "DROP DATABASE $db"
echo "schema of a freshly migrated database in $out"
