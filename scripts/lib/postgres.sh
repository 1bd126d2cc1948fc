# Sourced by test.sh and bench/run.sh: a throwaway PostgreSQL on a free loopback port, in a temporary
# folder owned by the postgres user (Debian's server binaries refuse to run as root).
#   postgres_start   sets POSTGRES_CONNECTION; call postgres_stop when done (e.g. from an EXIT trap)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# Installs Debian packages that are missing, given as "command:package" pairs.
ensure_packages() {
  local missing=() pair
  for pair in "$@"; do
    local check=${pair%%:*} package=${pair##*:}
    if [ "$check" = initdb ]; then
      ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=("$package")
    else
      command -v "$check" >/dev/null 2>&1 || missing+=("$package")
    fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} with apt-get..."
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

postgres_start() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  pg_dir=$(mktemp -d /tmp/attune-pg.XXXXXX)
  pg_port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
  chown postgres:postgres "$pg_dir" 2>/dev/null || true
  as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust --no-sync >/dev/null
  as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=200 ${POSTGRES_EXTRA_OPTIONS:-}" start >/dev/null
  POSTGRES_CONNECTION="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Include Error Detail=true"
}

postgres_stop() {
  if [ -n "${pg_dir:-}" ]; then
    as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
    pg_dir=
  fi
}
