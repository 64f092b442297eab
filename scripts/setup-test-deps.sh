#!/usr/bin/env bash
# Installs what the whole test suite needs beyond npm packages, so `npm install && npm test` works
# on a fresh Debian machine: Neovim (the second LSP editor the server is tested in), the SARIF
# validator's execute bit, the ADF JSON Schema the Jira stand-in checks descriptions with,
# Atlassian's OpenAPI description of Jira Cloud that Prism checks the Jira requests against,
# Octokit's recordings of real api.github.com answers that the GitHub adapter is replayed against,
# code-server with Chromium for the end-to-end suite, PostgreSQL and MariaDB for the
# fix-correctness harness, and the packages of the example apps the exercise's tests run against.
# Idempotent and quick when everything is already there.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
log() { printf '[setup-test-deps] %s\n' "$*" >&2; }

if ! command -v nvim >/dev/null; then
  sudo=""
  if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      log "Neovim is missing; install it as root (apt-get install neovim) and rerun"
      exit 1
    fi
  fi
  log "installing Debian package: neovim"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends neovim >/dev/null
fi

# npm runs no install scripts here, so the SARIF validator's binary arrives without its execute bit.
MULTITOOL="$ROOT/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [[ -f "$MULTITOOL" && ! -x "$MULTITOOL" ]]; then chmod u+x "$MULTITOOL"; fi

"$ROOT/scripts/setup-backlog-cli.sh"
"$ROOT/scripts/setup-adf-schema.sh"
"$ROOT/scripts/setup-jira-openapi.sh"
"$ROOT/scripts/setup-octokit-fixtures.sh"
"$ROOT/scripts/setup-code-server.sh"
"$ROOT/scripts/setup-databases.sh"
"$ROOT/scripts/setup-example-apps.sh"
