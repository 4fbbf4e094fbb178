#!/usr/bin/env bash
# Installs what is missing, builds, and starts the server with the app on
# http://127.0.0.1:8080 (override with NGAYHOI_ADDR), with its SQLite database
# in data/ngayhoi.sqlite (NGAYHOI_DB). At first start the server makes a
# registration key and prints it; set NGAYHOI_REGISTRATION_KEY to choose it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec target/server/server --addr "${NGAYHOI_ADDR:-127.0.0.1:8080}" --dist dist --db "${NGAYHOI_DB:-data/ngayhoi.sqlite}"
