#!/usr/bin/env bash
# Sourced by scripts/ensure_*.sh: `apt_install WHO WHAT PACKAGE...` installs Debian packages with
# apt-get (through sudo when not root). WHO names the calling script in messages; WHAT says what
# is missing and what happens until it is installed. Returns 1 (after one line on stderr) when
# there is no apt-get or the user may not run it.

apt_install() {
    local who=$1 what=$2
    shift 2
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "$who: $what; there is no apt-get here: install $* (or your system's equivalent) by hand" >&2
        return 1
    fi
    local sudo=""
    if [ "$(id -u)" != "0" ]; then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "$who: $what; this user cannot run apt-get: an administrator must install $*" >&2
            return 1
        fi
        sudo="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
