#!/usr/bin/env bash
# Runs every Attune test project against SQLite and a throwaway PostgreSQL, and ends with one line:
# "N passed, N failed". Installs what the tests need (Debian's chromium and postgresql) if missing.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

source scripts/lib/postgres.sh

# 1. What the tests need from Debian.
ensure_packages chromium:chromium initdb:postgresql

# 2. A throwaway PostgreSQL (fsync off: the tests need speed, not durability of this copy).
trap postgres_stop EXIT
POSTGRES_EXTRA_OPTIONS="-c fsync=off" postgres_start
export ATTUNE_TEST_POSTGRES="$POSTGRES_CONNECTION"
export ATTUNE_TEST_REQUIRE_POSTGRES=1

# 3. Build once, then run each test project.
dotnet tool restore >/dev/null
if ! dotnet build Attune.slnx -nologo -v q -c Debug; then
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0
failed=0
for project in tests/*/*.csproj; do
  log=$(mktemp)
  dotnet test "$project" --no-build -nologo 2>&1 | tee "$log"
  summary=$(grep -E "(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+" "$log" | tail -n 1)
  if [ -z "$summary" ]; then
    echo "No test summary from $project: counting it as a failure."
    failed=$((failed + 1))
  else
    p=$(echo "$summary" | sed -E 's/.*Passed: +([0-9]+).*/\1/')
    f=$(echo "$summary" | sed -E 's/.*Failed: +([0-9]+), Passed.*/\1/')
    passed=$((passed + p))
    failed=$((failed + f))
  fi
  rm -f "$log"
done

# 4. Kill -9 durability, short form: the Release server killed 10 times per provider under API writers.
durability=$(mktemp -d /tmp/attune-durability.XXXXXX)
if dotnet publish src/Attune -c Release -o "$durability/app" -nologo -v q >/dev/null; then
  for provider in sqlite postgres; do
    if dotnet bench/Attune.Bench/bin/Debug/net10.0/Attune.Bench.dll durability --provider "$provider" \
        --connection "$POSTGRES_CONNECTION" --app "$durability/app" --data "$durability/data-$provider" --kills 10; then
      passed=$((passed + 1))
    else
      echo "Durability ($provider) failed."
      failed=$((failed + 1))
    fi
  done
else
  echo "Publishing Release for the durability test failed."
  failed=$((failed + 1))
fi
rm -rf "$durability"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
