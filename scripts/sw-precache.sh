#!/usr/bin/env bash
# Trunk post_build hook: fills sw.js's precache list and version from the
# files in the staging dir, and precompresses text assets for the server.
#
# The version is a hash of every file's *contents*, not of the names: Trunk's
# name hash does not change when only wasm-opt's output does.
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run by trunk}"
cd "$dir"

# Precompress (release builds only; brotli may be absent on a dev machine).
if [ "${TRUNK_PROFILE:-debug}" = "release" ]; then
  for f in $(find . -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.webmanifest' \) ! -name 'sw.js'); do
    gzip -9 -k -f "$f"
    if command -v brotli >/dev/null 2>&1; then brotli -q 11 -f -k "$f"; fi
  done
fi

files=$(find . -type f ! -name 'sw.js' ! -name '*.gz' ! -name '*.br' | sed 's|^\./||' | LC_ALL=C sort)
version=$(for f in $files; do sha256sum "$f"; done | sha256sum | cut -c1-16)
list=$(for f in $files; do printf '"/%s",' "$f"; done)
list="[${list%,}]"

tmp=$(mktemp)
sed -e "s|__VERSION__|$version|" -e "s|__PRECACHE__|$list|" sw.js > "$tmp"
mv "$tmp" sw.js
chmod 644 sw.js
echo "sw.js: version $version, $(echo "$files" | wc -l) files precached"
