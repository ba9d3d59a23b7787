#!/usr/bin/env bash
# Install Debian's chromium for tests/test_browser.py when it is missing and we can (root + apt-get).
# Quiet, never prompts; exits non-zero (callers use `|| true`) when it cannot install.
set -u
for exe in chromium chromium-browser google-chrome; do
    if command -v "$exe" >/dev/null 2>&1; then
        exit 0
    fi
done
exec bash "$(dirname "$0")/apt_install.sh" setup_browser "the browser test" chromium
