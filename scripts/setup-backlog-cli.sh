#!/usr/bin/env bash
# Installs the Backlog.md CLI, pinned, into .cache/backlog-md/ for the compatibility tests that read
# Rugged's stories back with it. It is not a devDependency: its per-platform optional packages would
# have to be in package-lock.json for every platform, and `npm ci` rejects a lock file without them.
# Idempotent: a finished install is recognised by the CLI answering --version.
set -euo pipefail

VERSION=1.52.0
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/.cache/backlog-md"
CLI="$DIR/node_modules/backlog.md/cli.js"

log() { printf '[setup-backlog-cli] %s\n' "$*" >&2; }
ready() { [[ -f "$CLI" ]] && node "$CLI" --version 2>/dev/null | grep -q "$VERSION"; }

if ready; then
  log "backlog.md $VERSION already installed in $DIR"
  exit 0
fi

mkdir -p "$DIR"
exec 9>"$DIR.lock"
flock 9
ready && exit 0

log "npm install backlog.md@$VERSION (scripts disabled)"
printf '{ "name": "rugged-test-backlog-cli", "private": true }\n' >"$DIR/package.json"
npm install --prefix "$DIR" --no-save --no-audit --no-fund --ignore-scripts --loglevel=error "backlog.md@$VERSION" >&2
ready || { log "backlog.md $VERSION did not install: $CLI does not answer --version"; exit 1; }
log "backlog.md $VERSION installed in $DIR"
