#!/usr/bin/env bash
# Install Debian's R and igraph for the R test in tests/test_export.py when they are missing and
# we can (root + apt-get). Quiet, never prompts; exits non-zero (callers use `|| true`) when it
# cannot install.
set -u
if command -v Rscript >/dev/null 2>&1 && Rscript -e 'library(igraph)' >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup_r: no apt-get here; the R test will be skipped" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        echo "setup_r: not root and no password-less sudo; the R test will be skipped" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null 2>&1 || true
if $SUDO apt-get install -y -qq --no-install-recommends r-base-core r-cran-igraph >/dev/null 2>&1; then
    echo "setup_r: installed R and igraph" >&2
    exit 0
fi
echo "setup_r: could not install R and igraph; the R test will be skipped" >&2
exit 1
