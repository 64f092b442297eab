#!/usr/bin/env bash
# Installs the packages of the example apps whose proposed security tests run against the apps
# themselves (test/backlog/exerciseAppTests.test.ts): examples/todo-notes and examples/juice-bar-api.
# They go outside the checkout, into ~/.cache/rugged/example-apps/<app>/node_modules (or
# $RUGGED_EXAMPLE_APPS_DIR/<app>), from each app's committed package-lock.json with `npm ci`; the
# native packages (sqlite3, libxmljs2) build from source here, as each app's `allowScripts` approves.
# An app whose install fails fails the setup, like every other part of the suite's setup: a full run
# must not pass with those tests skipped. (A filtered run without the packages lists them as not run.)
# As root it also creates /var/todos, the folder todo-notes' export archives (written in its code).
# Idempotent: an app installed from the same package.json and lock file is left as it is.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${RUGGED_EXAMPLE_APPS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/rugged/example-apps}"
log() { printf '[setup-example-apps] %s\n' "$*" >&2; }

install() {
  local app="$1" source="$ROOT/examples/$1" dest="$CACHE/$1" stamp
  # The harness computes the same stamp to tell a stale install from a current one.
  stamp="$(cat "$source/package.json" "$source/package-lock.json" | sha256sum | cut -d' ' -f1)"
  if [[ -f "$dest/.installed" && "$(cat "$dest/.installed")" == "$stamp" && -d "$dest/node_modules" ]]; then
    log "$app: packages already installed in $dest"
    return
  fi
  mkdir -p "$dest"
  rm -f "$dest/.installed"
  cp "$source/package.json" "$source/package-lock.json" "$dest/"
  log "$app: installing packages into $dest (the native ones build from source: a minute or two)"
  if (cd "$dest" && npm ci --no-audit --no-fund >"$dest/install.log" 2>&1); then
    echo "$stamp" >"$dest/.installed"
    log "$app: installed"
  else
    log "$app: npm ci failed (see $dest/install.log)"
    tail -n 20 "$dest/install.log" >&2 || true
    return 1
  fi
}

# Side by side: each native build compiles on one core, so two apps take the time of the slower one.
install todo-notes & todo=$!
install juice-bar-api & juice=$!
failed=0
wait "$todo" || failed=1
wait "$juice" || failed=1
if [[ "$failed" != 0 ]]; then
  log "an example app's packages could not be installed; the tests that run against it cannot run"
  exit 1
fi

if [[ ! -d /var/todos ]]; then
  if [[ "$(id -u)" == 0 ]]; then
    mkdir -p /var/todos
    printf 'The todo files todo-notes exports; created for its tests by scripts/setup-example-apps.sh.\n' >/var/todos/README
    log "created /var/todos for todo-notes' export"
  else
    log "/var/todos is missing and this is not root: the fixed todo-notes export test will be listed as not run"
  fi
fi
