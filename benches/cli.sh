#!/bin/sh
# Whole-process timings of the CLI with hyperfine: `secledger init` (which calibrates Argon2id)
# and `secledger audit verify` on a new vault (one login, the chain check, one audited write).
#
# Usage: sh benches/cli.sh [SECLEDGER_BINARY]
# The binary defaults to $CARGO_TARGET_DIR/release/secledger (build it with
# `cargo build --release --bin secledger`). Vault files go to a temporary folder under TMPDIR,
# removed on exit. Results are in docs/BENCHMARKS.md.
set -eu

bin=${1:-${CARGO_TARGET_DIR:-target}/release/secledger}
if [ ! -x "$bin" ]; then
    echo "secledger binary not found at $bin; build it with: cargo build --release --bin secledger" >&2
    exit 2
fi
command -v hyperfine >/dev/null || { echo "hyperfine is not installed (Debian: apt-get install hyperfine)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SECLEDGER_LANG=en

# init: each run creates a new vault, so the prepare step removes the previous one.
fresh="$work/init.vault"
hyperfine --warmup 1 --runs 10 \
    --prepare "rm -f '$fresh' '$fresh.keyring' '$fresh.lock'" \
    "'$bin' --vault '$fresh' init"

# audit verify: the auditor's first password must be changed before any other command.
vault="$work/office.vault"
"$bin" --vault "$vault" init > "$work/init.txt"
first=$(sed -n 's/.*account auditor  first password \(.*\)$/\1/p' "$work/init.txt")
if [ -z "$first" ]; then
    echo "could not read the auditor's first password from the init output in $work/init.txt" >&2
    exit 1
fi
new="Bench-2024-audit!"
printf '%s\n%s\n%s\n' "$first" "$new" "$new" \
    | "$bin" --vault "$vault" --account auditor --password-stdin account passwd > /dev/null
printf '%s\n' "$new" > "$work/password.txt"

hyperfine --warmup 1 --runs 10 \
    "'$bin' --vault '$vault' --account auditor --password-stdin audit verify < '$work/password.txt'"
