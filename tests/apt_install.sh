#!/usr/bin/env bash
# Install Debian packages that a test needs, when we can (root or password-less sudo, apt-get).
# Usage: apt_install.sh WHO WHAT PACKAGE...   e.g. apt_install.sh setup_r "the R test" r-base-core
# Quiet, never prompts; exits non-zero (callers use `|| true`) when it cannot install.
set -u
who=$1 what=$2
shift 2
if ! command -v apt-get >/dev/null 2>&1; then
    echo "$who: no apt-get here; $what will be skipped" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        echo "$who: not root and no password-less sudo; $what will be skipped" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null 2>&1 || true
if $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1; then
    echo "$who: installed $*" >&2
    exit 0
fi
echo "$who: could not install $*; $what will be skipped" >&2
exit 1
