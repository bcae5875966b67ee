# Sourced by scripts/test-sanitizers.sh and scripts/fuzz.sh: one clang build in build-asan/ with
# ASan + UBSan and libFuzzer coverage serves both the sanitizer test run and the fuzz targets, so
# CI compiles the library once for the two instead of twice.
configure_asan_build() {
  CC=clang CXX=clang++ cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DGAFLIGHT_BUILD_TESTS=ON -DGAFLIGHT_FUZZ=ON -DGAFLIGHT_SANITIZE=address,undefined >/dev/null
}
