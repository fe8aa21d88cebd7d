#!/usr/bin/env bash
# Start the local PostgreSQL server the network platform's tests use: 127.0.0.1:5432, database
# `test`, trust authentication for the `postgres` user over local TCP. On the project's machines
# the server is installed and configured; this only starts it. On a fresh Debian machine (CI) it
# installs and configures it first. Run as root. Safe to run again.
set -euo pipefail

if ! command -v pg_lsclusters >/dev/null 2>&1; then
    echo "installing PostgreSQL"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql
fi

pg_lsclusters --no-header | while read -r version cluster _port status _rest; do
    if [ "$status" != "online" ]; then
        echo "starting PostgreSQL $version/$cluster"
        pg_ctlcluster "$version" "$cluster" start
    fi
done

if ! psql -h 127.0.0.1 -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; then
    # A fresh install asks for a password over TCP: trust the postgres user from this machine only.
    read -r version cluster _rest < <(pg_lsclusters --no-header)
    hba="/etc/postgresql/$version/$cluster/pg_hba.conf"
    sed -i '1i host all postgres 127.0.0.1/32 trust' "$hba"
    pg_ctlcluster "$version" "$cluster" reload
fi

if ! psql -h 127.0.0.1 -U postgres -d postgres -Atc "select 1 from pg_database where datname = 'test'" | grep -q 1; then
    createdb -h 127.0.0.1 -U postgres test
fi
echo "PostgreSQL ready on 127.0.0.1:5432 (database test)"
