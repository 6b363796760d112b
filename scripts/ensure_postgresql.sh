#!/usr/bin/env bash
# Install Debian's PostgreSQL server binaries (initdb, pg_ctl, postgres) for the history tests
# when they are missing. The tests start a throw-away cluster of their own in a temporary
# folder (tests/history/conftest.py); no system service is started or needed.
# Idempotent: does nothing when initdb is there. Without PostgreSQL the history tests run on
# SQLite only and skip the PostgreSQL half.
set -euo pipefail

have_initdb() {
    compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null 2>&1
}

if have_initdb; then
    exit 0
fi

# shellcheck source=apt_install.sh
source "$(dirname "$0")/apt_install.sh"
# (Debian also creates and may start a "main" cluster; the tests use only the binaries, not that cluster)
apt_install ensure_postgresql "PostgreSQL is missing, so the history tests skip PostgreSQL" postgresql

if ! have_initdb; then
    echo "ensure_postgresql: apt-get ran but initdb is still missing" >&2
    exit 1
fi
echo "ensure_postgresql: installed postgresql $(dpkg-query -W -f='${Version}' postgresql 2>/dev/null)"
