#!/bin/sh
# Creates the Temporal databases in PostgreSQL on the first run and upgrades
# their schemas to the version of the temporal-sql-tool in this image on every
# run. setup-schema -v 0.0 and update-schema are idempotent. create fails when
# the database exists already, so its failure is reported but not fatal: if
# the database is really missing, setup-schema fails next.
set -eu

sql_tool() {
	temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$DB_PORT" \
		-u "$POSTGRES_USER" --pw "$POSTGRES_PWD" "$@"
}

for pair in temporal:postgresql/v12/temporal temporal_visibility:postgresql/v12/visibility; do
	db=${pair%%:*}
	schema=${pair#*:}
	if sql_tool --db "$db" create; then
		echo "created database $db"
	else
		echo "did not create database $db; it probably exists (the next step fails if not)"
	fi
	sql_tool --db "$db" setup-schema -v 0.0
	sql_tool --db "$db" update-schema --schema-name "$schema"
	echo "database $db is at the current schema version"
done
