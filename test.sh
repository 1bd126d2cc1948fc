#!/usr/bin/env bash
# Runs every Attune test project against SQLite and a throwaway PostgreSQL, and ends with one line:
# "N passed, N failed". Installs what the tests need (Debian's chromium and postgresql) if missing.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. What the tests need from Debian.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} with apt-get..."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

# 2. A throwaway PostgreSQL on a free loopback port, in a temporary folder owned by postgres.
pg_dir=$(mktemp -d /tmp/attune-pg.XXXXXX)
pg_port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
chown postgres:postgres "$pg_dir" 2>/dev/null || true
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap cleanup EXIT
as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust --no-sync >/dev/null
as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
export ATTUNE_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Include Error Detail=true"
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

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
