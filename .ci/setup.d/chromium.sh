#!/usr/bin/env bash
# Headless Chromium and its WebDriver, from Debian's packages, for the browser test of
# `kg viz` (tests/test_viz.py). Idempotent: does nothing when both are installed.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    chromium chromium-driver fonts-dejavu-core >/dev/null
chromium --version
chromedriver --version
