#!/usr/bin/env bash
# Kill -9 durability, long form: publishes Release, then for SQLite and PostgreSQL (a throwaway server with
# fsync on) kills the app at random moments under concurrent API writers, restarts it and checks every
# acknowledged write and the audit chain. Writes the summary into docs/benchmarks.md. See docs/testing.md.
#
#   bench/durability.sh [--kills 200] [--writers 4] [--providers "sqlite postgres"]
set -euo pipefail
cd "$(dirname "$0")/.."
kills=200
writers=4
providers="sqlite postgres"
while [ $# -gt 0 ]; do
  case "$1" in
    --kills) kills=$2; shift 2 ;;
    --writers) writers=$2; shift 2 ;;
    --providers) providers=$2; shift 2 ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done

source scripts/lib/postgres.sh
ensure_packages initdb:postgresql
trap postgres_stop EXIT

work=bench/.work
results=bench/results/$(date -u +%Y%m%d-%H%M%S)-durability
mkdir -p "$work" "$results"
echo "Building Release..."
dotnet publish src/Attune -c Release -o "$work/app" -nologo -v q >/dev/null
dotnet build bench/Attune.Bench -c Release -nologo -v q >/dev/null
bench() { dotnet bench/Attune.Bench/bin/Release/net10.0/Attune.Bench.dll "$@"; }

status=0
for provider in $providers; do
  echo "== $provider: $kills kills"
  case "$provider" in
    sqlite)
      bench durability --provider sqlite --app "$work/app" --data "$work/durability-sqlite" \
        --kills "$kills" --writers "$writers" --results "$results/durability.txt" || status=1 ;;
    postgres)
      postgres_start
      bench durability --provider postgres --connection "$POSTGRES_CONNECTION" --app "$work/app" --data "$work/durability-postgres" \
        --kills "$kills" --writers "$writers" --results "$results/durability.txt" || status=1
      postgres_stop ;;
    *) echo "unknown provider $provider"; exit 2 ;;
  esac
done

if [ "$status" -eq 0 ]; then
  bench durability-report --results "$results/durability.txt" --out docs/benchmarks.md
  echo "docs/benchmarks.md updated from $results/durability.txt"
fi
exit $status
