#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests when /usr/bin/chromium is missing.
# Idempotent: does nothing when it is already there. Never downloads a browser build of its own
# (no `playwright install`); Playwright drives this system Chromium via executable_path.
set -euo pipefail

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "ensure_chromium: $CHROMIUM is missing and this user cannot run apt-get" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null

if [ ! -x "$CHROMIUM" ]; then
    echo "ensure_chromium: apt-get ran but $CHROMIUM is still missing" >&2
    exit 1
fi
echo "ensure_chromium: installed $($CHROMIUM --version 2>/dev/null || echo chromium)"
