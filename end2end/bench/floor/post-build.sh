#!/usr/bin/env bash
# Trunk post_build hook: the compile hint the app's build gives its JS glue
# (scripts/wasm-split.sh), given to the floor's glue too, so that the floor
# is built as the app is; then the glue's integrity in index.html again.
set -euo pipefail
cd "$TRUNK_STAGING_DIR"
python3 - <<'PY'
import base64, glob, hashlib, pathlib, re
html = pathlib.Path("index.html")
text = html.read_text()
for glue in map(pathlib.Path, glob.glob("floor-*.js")):
    glue.write_bytes(b"//# allFunctionsCalledOnLoad\n" + glue.read_bytes())
    digest = base64.b64encode(hashlib.sha384(glue.read_bytes()).digest()).decode()
    text, n = re.subn(r'(href="?/%s"?[^>]*?integrity="?)sha384-[A-Za-z0-9+/=]+' % re.escape(glue.name),
                      lambda m: m.group(1) + "sha384-" + digest, text)
    if n == 0:
        raise SystemExit(f"index.html: no integrity for {glue.name}")
html.write_text(text)
PY
