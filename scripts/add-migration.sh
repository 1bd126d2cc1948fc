#!/usr/bin/env bash
# Generates one migration, with the same name, for every database provider.
# Usage: scripts/add-migration.sh AddSafeguardingConcerns
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh MigrationName}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet build src/Attune -v q -nologo
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --no-build \
    --project src/Attune --startup-project src/Attune \
    --context "${provider}AppDbContext" \
    --output-dir "Platform/Data/Migrations/${provider}"
done
echo "Added migration $name for SQLite and PostgreSQL. Build again to compile them in."
