#!/usr/bin/env bash
# Sourced by run-tests.sh: make Chromium and a PostgreSQL test database available.
# Exports TEST_DATABASE_URL when a server is up. Safe to run again: it only does
# what is missing.

_can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }
_apt_updated=0
_apt_install() {
    if [ $_apt_updated = 0 ]; then
        apt-get update -qq
        _apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! command -v chromium >/dev/null 2>&1; then
    if _can_apt; then
        echo "test-services: installing Debian's chromium for the browser tests"
        _apt_install chromium
    else
        echo "test-services: no chromium and no apt-get as root; browser tests will be skipped"
    fi
fi

if [ -z "${TEST_DATABASE_URL:-}" ]; then
    if ! command -v pg_ctlcluster >/dev/null 2>&1 && _can_apt; then
        echo "test-services: installing Debian's postgresql for the store tests"
        _apt_install postgresql
    fi
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        pg_version=$(ls /etc/postgresql | sort -n | tail -n 1)
        if ! pg_lsclusters -h | awk -v v="$pg_version" '$1==v && $2=="main" {print $4}' | grep -q online; then
            pg_ctlcluster "$pg_version" main start
        fi
        for _ in $(seq 1 30); do
            pg_isready -q -h 127.0.0.1 -p 5432 && break
            sleep 0.5
        done
        su postgres -c "psql -q -tAc \"SELECT 1 FROM pg_roles WHERE rolname='recommender'\"" | grep -q 1 \
            || su postgres -c "psql -q -c \"CREATE ROLE recommender LOGIN PASSWORD 'recommender' CREATEDB\""
        su postgres -c "psql -q -tAc \"SELECT 1 FROM pg_database WHERE datname='recommender_test'\"" | grep -q 1 \
            || su postgres -c "psql -q -c \"CREATE DATABASE recommender_test OWNER recommender\""
        export TEST_DATABASE_URL="postgresql+psycopg://recommender:recommender@127.0.0.1:5432/recommender_test"
        echo "test-services: PostgreSQL $pg_version is up for the store tests"
    else
        echo "test-services: no PostgreSQL server; store tests run on SQLite only"
    fi
fi
