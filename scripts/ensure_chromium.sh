#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests when /usr/bin/chromium is missing.
# Idempotent: does nothing when it is already there. Never downloads a browser build of its own
# (no `playwright install`); Playwright drives this system Chromium via executable_path.
set -euo pipefail

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
    exit 0
fi

# shellcheck source=apt_install.sh
source "$(dirname "$0")/apt_install.sh"
apt_install ensure_chromium "$CHROMIUM is missing, so the browser tests cannot run" chromium fonts-dejavu-core

if [ ! -x "$CHROMIUM" ]; then
    echo "ensure_chromium: apt-get ran but $CHROMIUM is still missing" >&2
    exit 1
fi
echo "ensure_chromium: installed $($CHROMIUM --version 2>/dev/null || echo chromium)"
