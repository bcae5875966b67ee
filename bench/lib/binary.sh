# Sourced by the bench scripts: finds the gaflight binary under test and how it was built.
# Needs REPO_ROOT and BUILD_DIR, and the caller's log and die. Sets BIN (absolute path) and BUILD_TYPE.
#   GAFLIGHT_BIN set: that binary. Unset: BUILD_DIR/gaflight, built in Release there if it is missing.
resolve_gaflight_bin() {
  if [[ -n "${GAFLIGHT_BIN:-}" ]]; then
    BIN="$GAFLIGHT_BIN"
    [[ -x "$BIN" ]] || die "GAFLIGHT_BIN=$BIN is not an executable"
  else
    BIN="$BUILD_DIR/gaflight"
    if [[ ! -x "$BIN" ]]; then
      log "building gaflight (Release) into $BUILD_DIR"
      cmake -S "$REPO_ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGAFLIGHT_BUILD_TESTS=OFF >/dev/null ||
        die "cmake configure failed"
      cmake --build "$BUILD_DIR" --target gaflight -j"$(nproc)" || die "build failed"
    fi
  fi
  BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"
  BUILD_TYPE="unknown"
  if [[ -f "$(dirname "$BIN")/CMakeCache.txt" ]]; then
    BUILD_TYPE="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$(dirname "$BIN")/CMakeCache.txt")"
    # A Debug or unoptimised build would make every figure meaningless without failing anything.
    [[ "$BUILD_TYPE" == Release || "$BUILD_TYPE" == RelWithDebInfo ]] ||
      log "WARNING: $BIN was built as '${BUILD_TYPE:-<empty>}', not Release: numbers will not be representative"
  fi
}
