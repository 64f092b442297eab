#!/usr/bin/env bash
# Installs code-server 4.100.3 (a complete VS Code 1.100.3 build from npm) into .cache/code-server/
# so the end-to-end suite and the demo can run a real VS Code without downloading one.
# Idempotent: a finished install is recognised by a marker and a working `--version`, in about a second.
# code-server's own postinstall cannot run here (it refuses to run as root, and @vscode/ripgrep
# downloads from GitHub), so scripts are disabled and the native modules are rebuilt by hand.
set -euo pipefail

VERSION=4.100.3
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/.cache/code-server"
PKG="$DIR/node_modules/code-server"
VSCODE="$PKG/lib/vscode"
MARKER="$DIR/.installed-$VERSION"
ENTRY="$PKG/out/node/entry.js"

log() { printf '[setup-code-server] %s\n' "$*" >&2; }

already_installed() {
  [[ -f "$MARKER" && -f "$ENTRY" ]] || return 1
  node "$ENTRY" --version 2>/dev/null | grep -q "^$VERSION "
}

ready() { already_installed && command -v chromium >/dev/null && command -v rg >/dev/null; }

if ready; then
  log "code-server $VERSION already installed in $DIR"
  exit 0
fi

# Test files may start this script at the same time; the second one waits, then finds it done.
mkdir -p "$(dirname "$DIR")"
exec 9>"$DIR.lock"
flock 9
if ready; then
  log "code-server $VERSION already installed in $DIR"
  exit 0
fi

# --- Debian packages -------------------------------------------------------------------------
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v rg >/dev/null || missing+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
# The native modules are compiled by node-gyp; CI images usually have these, a minimal Debian does not.
command -v make >/dev/null || missing+=(make)
command -v g++ >/dev/null || missing+=(g++)
command -v python3 >/dev/null || missing+=(python3)
if ((${#missing[@]} > 0)); then
  sudo=""
  if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
      log "missing Debian packages: ${missing[*]}; install them as root (apt-get install ${missing[*]}) and rerun"
      exit 1
    fi
  fi
  log "installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- code-server from npm, in a folder of its own ---------------------------------------------
mkdir -p "$DIR"
rm -f "$MARKER"
# Without a package.json here npm would walk up and install into the extension's node_modules.
[[ -f "$DIR/package.json" ]] || printf '{ "name": "rugged-code-server", "private": true }\n' >"$DIR/package.json"
npm_quiet=(--no-audit --no-fund --loglevel=error)

if [[ ! -f "$ENTRY" ]] || ! grep -q "\"version\": \"$VERSION\"" "$PKG/package.json" 2>/dev/null; then
  log "npm install code-server@$VERSION (scripts disabled)"
  (cd "$DIR" && npm install "${npm_quiet[@]}" --ignore-scripts "code-server@$VERSION")
fi
log "rebuilding argon2"
(cd "$DIR" && npm rebuild "${npm_quiet[@]}" argon2 >/dev/null)

log "installing VS Code's own dependencies"
(cd "$VSCODE" && npm install "${npm_quiet[@]}" --omit=dev --ignore-scripts)
log "rebuilding VS Code's native modules"
(cd "$VSCODE" && npm_config_yes=true npm rebuild "${npm_quiet[@]}" \
  @parcel/watcher @vscode/deviceid @vscode/spdlog kerberos native-watchdog node-pty >/dev/null)

# ripgrep from Debian replaces the binary @vscode/ripgrep would have downloaded.
mkdir -p "$VSCODE/node_modules/@vscode/ripgrep/bin"
ln -sfn "$(command -v rg)" "$VSCODE/node_modules/@vscode/ripgrep/bin/rg"
ln -sfn node_modules "$VSCODE/node_modules.asar"
ln -sfn code-linux.sh "$VSCODE/bin/remote-cli/code-server"
ln -sfn browser-linux.sh "$VSCODE/bin/helpers/browser.sh"

log "installing the built-in extensions' dependencies"
(cd "$VSCODE/extensions" && npm install "${npm_quiet[@]}" --omit=dev --ignore-scripts)

# The first run also prints a line about writing its default config, so look for the version line.
version_output="$(node "$ENTRY" --version 2>&1 || true)"
version_line="$(grep -m 1 "^$VERSION " <<<"$version_output" || true)"
if [[ -z "$version_line" ]]; then
  log "code-server did not start: $version_output"
  exit 1
fi
touch "$MARKER"
log "ready: $version_line"
