#!/usr/bin/env bash
# Virtuoso Open Source 7 from Debian's packages, for the triple-store tests of `kg push` and
# `kg query --endpoint` (tests/test_servers.py). Only the binaries are needed: the tests start
# their own server on 127.0.0.1 with a throwaway database and stop it by its process id.
# The package's own system instance is never started (policy-rc.d denies it in containers,
# and the tests do not use it). Idempotent: does nothing when virtuoso-t is installed.
set -euo pipefail
if command -v virtuoso-t >/dev/null 2>&1; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    virtuoso-opensource-7 >/dev/null
command -v virtuoso-t
