#!/usr/bin/env bash
# Installs what is missing, builds, and starts the server with the app on
# http://127.0.0.1:8080 (override with NGAYHOI_ADDR), with its SQLite database
# in data/ngayhoi.sqlite (NGAYHOI_DB). At first start the server makes a
# registration key and prints where it is; set NGAYHOI_REGISTRATION_KEY to
# choose it. A new database gets the example units (server/units-demo.csv).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
db="${NGAYHOI_DB:-data/ngayhoi.sqlite}"
# A new database gets the example units (one province, with and without a
# district level) so the demo works at once; a real deployment loads its own
# with `target/server/server --db "$db" units import FILE.csv`.
if [ ! -f "$db" ] && [ -z "${NGAYHOI_NO_DEMO_UNITS:-}" ]; then
  mkdir -p "$(dirname "$db")"
  target/server/server --db "$db" units import server/units-demo.csv
fi
exec target/server/server --addr "${NGAYHOI_ADDR:-127.0.0.1:8080}" --dist dist --db "$db"
