#!/usr/bin/env bash
# Fetches Atlassian's JSON Schema of the Atlassian Document Format (ADF), pinned, into
# .cache/adf-schema/, for the Jira stand-in that checks every Cloud description the adapter sends.
# Atlassian publishes it in the npm package @atlaskit/adf-schema (json-schema/v1/full.json); the
# package is not a devDependency because its own dependencies (ProseMirror and more) are heavy and
# the tests need one JSON file of it (scripts/lib/pinned-npm-file.sh fetches and checks it).
# Idempotent: works offline once the file is cached.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
NAME=setup-adf-schema
LABEL="ADF schema"
PACKAGE=@atlaskit/adf-schema
VERSION=57.7.22
TARBALL_SHA256=53693004c8c3d3ccbff2f8dcc172aaf3ef84dae402216fda4602cb1bbe10c62b
MEMBER=json-schema/v1/full.json
FILE_SHA256=5128562b75278c8a83e7e3619a570205bc80d59696985ec31a7a7883cff66fbe
FILE="$ROOT/.cache/adf-schema/adf-schema-$VERSION-full.json"
USE="The Jira tests validate descriptions against it"

# shellcheck source=lib/pinned-npm-file.sh
source "$ROOT/scripts/lib/pinned-npm-file.sh"
fetch_pinned_npm_file
