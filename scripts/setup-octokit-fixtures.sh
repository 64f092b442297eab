#!/usr/bin/env bash
# Fetches Octokit's recordings of real api.github.com exchanges, pinned, into
# .cache/octokit-fixtures/, for the replay tests that run the GitHub adapter against GitHub's own
# answers (status, headers such as Link and the rate limits, bodies). GitHub's Octokit team publishes
# them in the npm package @octokit/fixtures as scenarios/api.github.com/<scenario>/normalized-fixture.json.
# The package is not a devDependency: the tests need a few JSON files of it, not its runtime
# (nock and more). scripts/lib/pinned-npm-file.sh fetches the tarball with `npm pack`, checks its
# SHA-256, keeps one scenario and checks that file's SHA-256; it runs once per scenario, and after
# the first the tarball comes from npm's own cache.
# Idempotent: works offline once the files are cached.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
NAME=setup-octokit-fixtures
PACKAGE=@octokit/fixtures
VERSION=23.1.2
TARBALL_SHA256=5a9b0221d7c18f593dc57b5f292e946e8cadfac2b0d4578b38d7e9bd63836c64
USE="The GitHub replay tests answer the adapter with these recordings"

# Each scenario the tests replay, with the SHA-256 of its normalized-fixture.json.
SCENARIOS=(
  "get-repository 5b1ba4cd8dacd5a796975ac9cb1133f1019d84d96bd5ffe755fbf27c2acac367"
  "paginate-issues e4ad240761e3196385ba6ca5d6809ab1c24c97603e8e78cee422c8c0b376ac4d"
  "add-labels-to-issue 09425884faf321ef00b8a1ef9c427438ce5dea81d8451164c3f78b0ef4af4f2f"
  "errors e07879eba97688e06208f08583d9021717fb29b34f87f6b65c1fa53342f52e91"
  "rename-repository 814a4dde51c7e1fa5f2781c27d114ca8810bd5689e4b124007b172d1d8e60b32"
  "branch-protection 3818332c4ad28174607fa976b03daf1c783f66271af7362a5b051ab999f7e6de"
)

# shellcheck source=lib/pinned-npm-file.sh
source "$ROOT/scripts/lib/pinned-npm-file.sh"
for entry in "${SCENARIOS[@]}"; do
  read -r scenario FILE_SHA256 <<<"$entry"
  LABEL="Octokit recording $scenario"
  MEMBER="scenarios/api.github.com/$scenario/normalized-fixture.json"
  FILE="$ROOT/.cache/octokit-fixtures/$scenario-$VERSION.json"
  # fetch_pinned_npm_file ends its shell, so each scenario gets a subshell.
  (fetch_pinned_npm_file)
done
