#!/usr/bin/env bash
# Install Debian's chromium for tests/test_browser.py when it is missing and we can (root + apt-get).
# Quiet, never prompts; exits non-zero (callers use `|| true`) when it cannot install.
set -u
for exe in chromium chromium-browser google-chrome; do
    if command -v "$exe" >/dev/null 2>&1; then
        exit 0
    fi
done
if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup_browser: no apt-get here; the browser test will be skipped" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO="sudo -n"
    else
        echo "setup_browser: not root and no password-less sudo; the browser test will be skipped" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null 2>&1 || true
if $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1; then
    echo "setup_browser: installed chromium" >&2
    exit 0
fi
echo "setup_browser: could not install chromium; the browser test will be skipped" >&2
exit 1
