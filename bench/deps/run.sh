#!/usr/bin/env bash
# Dependency scanner benchmarks and the cargo-audit agreement check, side by side in one run.
#
#   bench/deps/run.sh [OSV_DIR] [RUSTSEC_DB]
#
# OSV_DIR defaults to ../shared/osv (≈ 8k advisories), RUSTSEC_DB to ../shared/rustsec-advisory-db.
# Needs hyperfine; cargo-audit on PATH or in $PEERS/cargo/bin (see ../shared/PEERS.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
osv=${1:-../shared/osv}
rustsec=${2:-../shared/rustsec-advisory-db}
audit=$(command -v cargo-audit || echo "${PEERS:-/work/peers}/cargo/bin/cargo-audit")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --locked -p bulwark >/dev/null 2>&1
bin=target/release/bulwark
python3 bench/deps/gen_lockfiles.py "$osv" "$work/locks" --packages 5000

echo "== import of $osv"
hyperfine --warmup 1 --runs 5 --prepare "rm -rf $work/db" "$bin db import -q $osv --db $work/db"
$bin db import -q "$osv" --db "$work/db" >/dev/null

echo "== index load (header + every section decoded and checked): db status"
hyperfine --warmup 2 --runs 20 -N "$bin db status --db $work/db"

echo "== 5,000-package lockfiles, end to end (process start, index load, parse, match, JSON report)"
for lock in large large-pypi; do
  hyperfine --warmup 2 --runs 10 -N \
    "$bin scan $work/locks/$lock --db $work/db --scanners deps --fail-on none -q -f json -o /dev/null"
done

echo "== bulwark vs cargo audit on the same Cargo.lock files"
for lock in advisory-crates large; do
  hyperfine --warmup 1 --runs 10 -i \
    -n bulwark "$bin scan $work/locks/$lock --db $work/db --scanners deps --fail-on none -q -f json -o /dev/null" \
    -n cargo-audit "$audit audit --db $rustsec --no-fetch --stale -f $work/locks/$lock/Cargo.lock --json"
done

echo "== agreement with cargo audit (RustSec advisories per crate version)"
status=0
for lock in "$work/locks/advisory-crates/Cargo.lock" Cargo.lock fuzz/Cargo.lock; do
  dir=$(dirname "$lock")
  echo "-- $lock ($(grep -c '^\[\[package' "$lock") packages)"
  $bin scan "$dir" --db "$work/db" --scanners deps --fail-on none -q -f json -o "$work/bulwark.json" \
    --exclude '**/tests/fixtures/**' --exclude 'examples/**' || true
  "$audit" audit --db "$rustsec" --no-fetch --stale -f "$lock" --json >"$work/audit.json" 2>/dev/null || true
  python3 bench/deps/agreement.py "$work/bulwark.json" "$work/audit.json" || status=1
done
exit $status
