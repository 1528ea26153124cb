#!/usr/bin/env bash
# Walk + read throughput of Bulwark's pipeline beside ripgrep on the same tree, same run.
#
#   bench/walk.sh [TREE]        default TREE: ~/.cargo/registry/src (populated by any build)
#
# Needs hyperfine and ripgrep (apt-get install -y hyperfine ripgrep). Prints files/s and MB/s of
# Bulwark's walk+read stage, then hyperfine's comparison of:
#   rg --files           walk only (the lower bound)
#   rg -c NEVERMATCH     walk + read + search every file
#   bulwark walk         Bulwark's walk + read of every file (the stage every scanner shares)
set -euo pipefail
cd "$(dirname "$0")/.."
tree=${1:-$HOME/.cargo/registry/src}
[ -d "$tree" ] || { echo "no such tree: $tree" >&2; exit 2; }
command -v hyperfine >/dev/null && command -v rg >/dev/null || {
  echo "needs hyperfine and ripgrep: apt-get install -y hyperfine ripgrep" >&2; exit 2; }

cargo build --release --locked -q -p bulwark-scan --example walk
walk=target/release/examples/walk
mkdir -p bench/results
echo "tree: $tree ($(du -sh "$tree" | cut -f1), $(rg --files -uuu "$tree" | wc -l) files)"
"$walk" "$tree"
# -uuu: no ignore files for either tool would be unfair to rg's defaults; both use their defaults
# (both honour .gitignore; Bulwark also reads hidden files, so rg gets --hidden).
hyperfine --warmup 3 --runs 30 --export-markdown bench/results/walk.md --export-json bench/results/walk.json \
  -n 'rg --files' "rg --files --hidden '$tree' > /dev/null" \
  -n 'rg -c (read+search)' "rg -c --hidden --no-messages ZQXJWVNEVERMATCHES '$tree' > /dev/null || true" \
  -n 'bulwark walk+read' "$walk '$tree' > /dev/null"
# Medians resist the noise of shared machines better than means.
python3 - <<'PY'
import json, statistics
runs = {r["command"]: statistics.median(r["times"]) for r in json.load(open("bench/results/walk.json"))["results"]}
base = runs["rg --files"]
for name, median in runs.items():
    print(f"median {name:22s} {median * 1000:7.1f} ms  {median / base:4.2f}x rg --files")
PY
