#!/usr/bin/env bash
# Trunk post_build hook (runs BEFORE sw-precache.sh): splits the app's wasm at
# its `wasm_split` entries (declared with split_entry!, see src/lazy.rs) into a main module plus modules and
# chunks fetched on first use.
#
# Trunk 0.21 has no wasm-split support, so this redoes Trunk's last steps:
#   cargo's wasm (linked with --emit-relocs, see scripts/build.sh)
#   -> wasm-split-cli (main module + chunk .wasm files + a JS loader)
#   -> wasm-bindgen --keep-lld-exports on the main module (chunks import
#      memory, table, stack pointer and shared functions from its exports)
#   -> wasm-opt on every piece
#   -> the JS glue and loader minified (release), with V8's compile hint
# and replaces Trunk's staged .js/_bg.wasm (same names, so index.html still
# points at them), fixing their SRI hashes in index.html.
#
# All split files are named `<trunk-hashed-base>.<...>`, so the server's
# immutable-cache rule (stem-<hash>) applies and a new build never reuses
# a stale chunk.
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run by trunk}"
src="${TRUNK_SOURCE_DIR:-$PWD}"
profile="${TRUNK_PROFILE:-debug}"
target_dir="${CARGO_TARGET_DIR:-$src/target}"
input="$target_dir/wasm32-unknown-unknown/$profile/ngayhoi.wasm"
# Every profile: a wasm with `wasm_split` entries that is NOT split imports the
# bare module "__wasm_split_placeholder__" and the app does not start.
# (So `trunk serve` needs --emit-relocs too: it is in .cargo/config.toml.)
# The chunks have no target_features section: name the features rustc
# 1.95's wasm32 target uses.
feats="--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue"
# NGAYHOI_WASM_NAMES=1 keeps function names, for a profiler to show them.
names=""; [ "${NGAYHOI_WASM_NAMES:-}" = 1 ] && names="-g"
# Inlining, tuned for how V8 starts a module: it compiles each wasm function
# whole, on the main thread, the first time it runs. So:
# -ocimfs 100: a function called from one place is inlined there only when
#   small (by default wasm-opt inlines them all): a large branch inlined into
#   its only caller is compiled whenever the caller runs, taken or not (a
#   record's reader was 52 KB for every kind at once).
# -aimfs 6: tiny functions (default: up to 2) are inlined everywhere: each
#   distinct function costs a compile of its own at first call. Run mode
#   compiles ~1,420 functions before its first paint instead of ~1,760, and
#   every file is smaller (the main module by 1.6 KB brotli).
# Measured in docs/BENCHMARKS.md (run mode against the floor).
opt() { if [ "$profile" = release ]; then wasm-opt -Oz -ocimfs 100 -aimfs 6 $names $feats "$1" -o "$2"; else cp "$1" "$2"; fi; }

wasm=$(cd "$dir" && ls ngayhoi-*_bg.wasm)
base="${wasm%_bg.wasm}"          # ngayhoi-<hash>
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. split (the main module stays pre-bindgen; chunks are final wasm), then
#    merge the chunks into one or two files per screen group
#    (scripts/wasm-bundle: a file costs the phone's main thread a few ms)
wasm-split-cli "$input" "$tmp/split" --target web --out-name "$base"
#    NGAYHOI_WASM_BUNDLE=0 keeps wasm-split-cli's chunks (to measure against).
if [ "${NGAYHOI_WASM_BUNDLE:-1}" = 1 ]; then
  (cd "$src" && cargo build --locked --quiet -p wasm-bundle)
  "$target_dir/debug/wasm-bundle" "$tmp/split" event,units \
    sync,day_screens,preparation_screens,movement,report_export,sheet_export,sheet_import,qr_scan
fi
# 2. bindgen the main module, keeping the exports the chunks import
wasm-bindgen --target web --no-typescript --keep-lld-exports \
  --out-dir "$tmp/bg" --out-name "$base" "$tmp/split/$base.wasm"
# 3. optimise every piece (opt, above)
opt "$tmp/bg/${base}_bg.wasm" "$dir/${base}_bg.wasm"
cp "$tmp/bg/$base.js" "$dir/$base.js"
if [ -d "$tmp/bg/snippets" ]; then cp -r "$tmp/bg/snippets" "$dir/"; fi

# 4. chunks and loader, renamed under the hashed base
loader="$base.split.js"
sed_expr="s|\\./__wasm_split\\.js|./$loader|g"
for f in "$tmp"/split/*.wasm; do
  name=$(basename "$f")
  [ "$name" = "$base.wasm" ] && continue
  opt "$f" "$dir/$base.$name"
  sed_expr="$sed_expr; s|\\./$name\\b|./$base.$name|g"
done
sed -e "$sed_expr" "$tmp/split/__wasm_split.js" > "$dir/$loader"
# only the import statements: the imports object's key must stay the wasm's
# import module name, "./__wasm_split.js"
sed -i -e "s|from \"\\./__wasm_split\\.js\"|from \"./$loader\"|g" "$dir/$base.js"

# 5. minify the JS glue in release builds (Trunk's own minifier fails on
#    this glue); esbuild comes from npm (scripts/js, installed by setup.sh)
if [ "$profile" = release ]; then
  esbuild="$src/scripts/js/node_modules/.bin/esbuild"
  [ -x "$esbuild" ] || { echo "esbuild missing: run scripts/setup.sh" >&2; exit 1; }
  for f in "$dir/$base.js" "$dir/$loader"; do
    "$esbuild" --minify --format=esm --log-level=error "$f" --outfile="$f.min"
    mv "$f.min" "$f"
  done
fi
# V8's compile hint (Chromium 136 and later; to other engines a comment):
# most of the glue's and the loader's functions run at start, so V8
# compiles them all while each file streams in, off the main thread,
# instead of one by one at first call on the main thread (about 170 before
# run mode is drawn). Added after esbuild, which drops comments.
for f in "$dir/$base.js" "$dir/$loader"; do
  printf '//# allFunctionsCalledOnLoad\n' | cat - "$f" > "$f.hinted"
  mv "$f.hinted" "$f"
done

# 6. The glue imports the loader: without a modulepreload the browser asks
#    for the loader only once the glue is parsed (a second round trip, and a
#    task that waits behind whatever else the main thread does). Then SRI:
#    Trunk hashed the files it staged; recompute for the replaced ones and
#    the loader's.
python3 - "$dir" "$loader" <<'EOF'
import base64, hashlib, pathlib, re, sys
d = pathlib.Path(sys.argv[1])
loader = sys.argv[2]
html = (d / "index.html").read_text()
glue = re.search(r'<link\b[^>]*\brel="?modulepreload\b[^>]*>', html)
if glue is None:
    sys.exit("index.html: the glue's modulepreload link is missing")
preload = f'<link crossorigin href="/{loader}" integrity="sha384-x" rel="modulepreload">'
html = html[: glue.end()] + preload + html[glue.end() :]
def fix(m):
    # Attribute order differs between release (minified) and debug output.
    tag = m.group(0)
    href = re.search(r'\bhref="?([^" >]+)', tag)
    old = re.search(r'\bintegrity="?(sha384-[A-Za-z0-9+/=]+)', tag)
    if not (href and old):
        return tag
    f = d / href.group(1).lstrip("/")
    if not f.is_file():
        return tag
    h = base64.b64encode(hashlib.sha384(f.read_bytes()).digest()).decode()
    return tag.replace(old.group(1), "sha384-" + h)
html = re.sub(r"<link\b[^>]*>", fix, html)
if 'integrity="sha384-x"' in html:
    sys.exit("index.html: the loader's integrity was not filled in")
(d / "index.html").write_text(html)
EOF
echo "wasm-split: main $(stat -c %s "$dir/${base}_bg.wasm") B, chunks: $(cd "$dir" && ls "$base".*.wasm | tr '\n' ' ')"
