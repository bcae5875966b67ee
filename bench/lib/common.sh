# Sourced by the bench scripts: what each of them needs the same way. Uses the caller's log and die.

# TERM, wait up to 5 s, then KILL; reaps it. Nothing to do for an empty or finished pid.
stop_pid() {
  local pid="$1"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# A loopback port free at this moment.
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# Polls URL until it answers 200, for at most SECONDS; fails at once when PID has exited.
wait_http_200() {  # url seconds pid
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    kill -0 "$3" 2>/dev/null || return 1
    [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$1" || true)" == 200 ]] && return 0
    sleep 0.1
  done
  return 1
}

# The binary under test and how it was built; needs REPO_ROOT and BUILD_DIR; sets BIN (absolute path)
# and BUILD_TYPE. GAFLIGHT_BIN set: that binary. Unset: BUILD_DIR/gaflight, built in Release if missing.
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
