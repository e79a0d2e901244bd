#!/bin/sh
# Install what is missing, then build and run the whole test suite twice:
# a normal build (build/) and an AddressSanitizer + UBSan build
# (build-asan/); then build the libFuzzer targets with clang (build-fuzz/)
# and fuzz each for a few seconds.  Exits non-zero if any test fails.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
sh scripts/deps.sh
jobs=$(nproc)

echo "== normal build"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$jobs"
(cd build && ctest --output-on-failure -j "$jobs")

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DDOSSIER_SANITIZE=ON >/dev/null
cmake --build build-asan -j "$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --output-on-failure -j "$jobs")

echo "== libFuzzer targets (clang), a short run of each"
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDOSSIER_FUZZ=ON \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build build-fuzz -j "$jobs" --target fuzz-date fuzz-query fuzz-parse fuzz-gzip fuzz-record
(cd build-fuzz && ctest --output-on-failure -L fuzz -j "$jobs")
echo "== all tests passed (normal and sanitizer builds, fuzz targets)"
