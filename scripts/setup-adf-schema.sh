#!/usr/bin/env bash
# Fetches Atlassian's JSON Schema of the Atlassian Document Format (ADF), pinned, into
# .cache/adf-schema/, for the Jira stand-in that checks every Cloud description the adapter sends.
# Atlassian publishes it in the npm package @atlaskit/adf-schema (json-schema/v1/full.json); the
# package is not a devDependency because its own dependencies (ProseMirror and more) are heavy and
# the tests need one JSON file of it. `npm pack` fetches the tarball alone, with npm's integrity
# check, and only that file is kept; its SHA-256 is pinned too, so a different file is refused.
# Idempotent: works offline once the file is cached.
set -euo pipefail

VERSION=57.7.22
SHA256=5128562b75278c8a83e7e3619a570205bc80d59696985ec31a7a7883cff66fbe
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/.cache/adf-schema"
FILE="$DIR/adf-schema-$VERSION-full.json"

log() { printf '[setup-adf-schema] %s\n' "$*" >&2; }
ready() { [[ -f "$FILE" ]] && echo "$SHA256  $FILE" | sha256sum --check --status; }

if ready; then
  log "ADF schema $VERSION already in $FILE"
  exit 0
fi

# Test files may start this script at the same time; the second one waits, then finds it done.
mkdir -p "$DIR"
exec 9>"$DIR.lock"
flock 9
ready && exit 0

WORK="$(mktemp -d "$DIR/fetch.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
log "npm pack @atlaskit/adf-schema@$VERSION (json-schema/v1/full.json only)"
if ! (cd "$WORK" && npm pack "@atlaskit/adf-schema@$VERSION" --pack-destination "$WORK" --silent --loglevel=error >/dev/null); then
  if [[ -f "$FILE" ]]; then state="is not the pinned file (SHA-256 differs)"; else state="is not cached"; fi
  log "could not fetch @atlaskit/adf-schema@$VERSION from the npm registry, and $FILE $state."
  log "The Jira tests validate descriptions against it: run this script once where the registry is reachable, or copy the file to $FILE."
  exit 1
fi
tar -xzf "$WORK"/atlaskit-adf-schema-"$VERSION".tgz -C "$WORK" package/json-schema/v1/full.json
if ! echo "$SHA256  $WORK/package/json-schema/v1/full.json" | sha256sum --check --status; then
  log "json-schema/v1/full.json of @atlaskit/adf-schema@$VERSION is not the file pinned here (SHA-256 $SHA256); refusing it."
  exit 1
fi
mv "$WORK/package/json-schema/v1/full.json" "$FILE"
log "ADF schema $VERSION cached in $FILE"
