#!/usr/bin/env bash
# Install Voikko (Finnish spelling) from Debian when it is missing: the library `libvoikko1`
# and its Finnish dictionary `voikko-fi`. The Python binding (PyPI `libvoikko`) is pinned in
# pyproject.toml and comes with the venv; it loads this system library.
# Idempotent: does nothing when both are there. Without them replycheck still runs: Finnish
# spelling is then skipped and the report says why.
set -euo pipefail

# Where voikko-fi puts its morphology (format 5, variant "standard"); overridable for tests.
VOIKKO_DICT=${VOIKKO_DICT:-/usr/lib/voikko/5/mor-standard/mor.vfst}

have_library() {
    # grep reads all of ldconfig's output (no -q): an early exit would fail the pipe (pipefail)
    [ -n "$( (ldconfig -p 2>/dev/null || true) | grep 'libvoikko\.so\.1 ' || true)" ] && return 0
    local lib
    for lib in /usr/lib/*/libvoikko.so.1 /usr/lib/libvoikko.so.1 /usr/local/lib/libvoikko.so.1; do
        [ -e "$lib" ] && return 0
    done
    return 1
}

if have_library && [ -f "$VOIKKO_DICT" ]; then
    exit 0
fi

# shellcheck source=apt_install.sh
source "$(dirname "$0")/apt_install.sh"
apt_install ensure_voikko "Voikko (Finnish spelling) is missing, so Finnish spelling is skipped" libvoikko1 voikko-fi

if ! have_library || [ ! -f "$VOIKKO_DICT" ]; then
    echo "ensure_voikko: apt-get ran but libvoikko.so.1 or $VOIKKO_DICT is still missing" >&2
    exit 1
fi
echo "ensure_voikko: installed libvoikko1 $(dpkg-query -W -f='${Version}' libvoikko1 2>/dev/null)" \
     "and voikko-fi $(dpkg-query -W -f='${Version}' voikko-fi 2>/dev/null)"
