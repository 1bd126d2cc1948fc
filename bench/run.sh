#!/usr/bin/env bash
# The load benchmark, end to end: builds Release, generates (or reuses) the dataset, starts Attune on
# loopback over it, signs in as a DSL, a keyworker, a teacher and a trust DSL, drives every scenario
# with wrk, and rewrites docs/benchmarks.md. See docs/testing.md.
#
#   bench/run.sh [--preset trust|school] [--providers "sqlite postgres"] [--duration 20] [--connections 32] [--scenarios a,b]
#
# With --scenarios only those run (and the static ceiling), and docs/benchmarks.md is left as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
preset=trust
providers="sqlite postgres"
duration=20
connections=32
scenarios=""
while [ $# -gt 0 ]; do
  case "$1" in
    --preset) preset=$2; shift 2 ;;
    --providers) providers=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --scenarios) scenarios=$2; shift 2 ;;
    *) echo "unknown option $1"; exit 2 ;;
  esac
done

source scripts/lib/postgres.sh
ensure_packages wrk:wrk initdb:postgresql
trap postgres_stop EXIT

work=bench/.work
results=bench/results/$(date -u +%Y%m%d-%H%M%S)-$preset
mkdir -p "$work" "$results"

echo "Building Release..."
dotnet publish src/Attune -c Release -o "$work/app" -nologo -v q >/dev/null
dotnet build bench/Attune.Bench -c Release -nologo -v q >/dev/null
bench() { dotnet bench/Attune.Bench/bin/Release/net10.0/Attune.Bench.dll "$@"; }

# A generated dataset is reused while the schema and the generator are unchanged.
stamp=$(cat src/Attune/Platform/Data/Migrations/Sqlite/*.cs bench/Attune.Bench/DataGenerator.cs bench/Attune.Bench/SafeguardingGenerator.cs bench/Attune.Bench/KeyworkGenerator.cs \
  bench/Attune.Bench/IncidentGenerator.cs bench/Attune.Bench/BulkWriter.cs src/Attune/Features/Demo/DemoFamilies.cs src/Attune/Features/Demo/DemoSchools.cs \
  src/Attune/Features/Safeguarding/ConcernCategories.cs src/Attune/Features/Incidents/IncidentSettings.cs | sha256sum | cut -c1-16)

for provider in $providers; do
  echo "== $provider, $preset dataset"
  run_data="$work/run-$provider"
  rm -rf "$run_data"
  case "$provider" in
    sqlite)
      dataset="$work/data/$preset-sqlite-$stamp"
      if [ ! -f "$dataset/attune.db" ]; then
        rm -rf "$work"/data/"$preset"-sqlite-*
        # Generated aside and moved into place only when complete, so a failed run is never reused.
        bench generate --preset "$preset" --provider sqlite --data "$dataset.partial" | tee -a "$results/generation.log"
        mv "$dataset.partial" "$dataset"
        grep -E "^$preset: " "$results/generation.log" | tail -n 1 | sed "s/^/SQLite: /" >> "$results/generation.txt"
      else
        echo "Reusing $dataset"
      fi
      # Each run works on a copy: the run itself writes audit entries.
      cp -r "$dataset" "$run_data"
      bench load --preset "$preset" --provider sqlite --app "$work/app" --data "$run_data" \
        --duration "$duration" --connections "$connections" --scenarios "$scenarios" --results "$results/$preset-sqlite.json"
      ;;
    postgres)
      postgres_start
      bench generate --preset "$preset" --provider postgres --connection "$POSTGRES_CONNECTION" --data "$run_data" | tee -a "$results/generation.log"
      grep -E "^$preset: " "$results/generation.log" | tail -n 1 | sed "s/^/PostgreSQL: /" >> "$results/generation.txt"
      bench load --preset "$preset" --provider postgres --connection "$POSTGRES_CONNECTION" --app "$work/app" --data "$run_data" \
        --duration "$duration" --connections "$connections" --scenarios "$scenarios" --results "$results/$preset-postgres.json"
      postgres_stop
      ;;
    *) echo "unknown provider $provider"; exit 2 ;;
  esac
done

if [ -n "$scenarios" ]; then
  echo "Results in $results (only $scenarios; docs/benchmarks.md left as it was)."
  exit 0
fi
bench report --results "$results" --out docs/benchmarks.md
echo "Results in $results; docs/benchmarks.md rewritten."
