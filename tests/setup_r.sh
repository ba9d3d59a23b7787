#!/usr/bin/env bash
# Install Debian's R and igraph for the R test in tests/test_export.py when they are missing and
# we can (root + apt-get). Quiet, never prompts; exits non-zero (callers use `|| true`) when it
# cannot install.
set -u
if command -v Rscript >/dev/null 2>&1 && Rscript -e 'library(igraph)' >/dev/null 2>&1; then
    exit 0
fi
exec bash "$(dirname "$0")/apt_install.sh" setup_r "the R test" r-base-core r-cran-igraph
