//! Merges the chunks wasm-split-cli makes into a few bundles.
//!
//! wasm-split-cli puts code shared by several modules into one chunk per
//! combination of modules that share it: 68 chunks here, of which opening an
//! event needs 34. Each file costs the phone's main thread a few
//! milliseconds on top of its size (a service-worker round trip, a streaming
//! compile, a code-cache lookup, an instantiation), so run mode's code
//! arrived about 650 ms after the main module at 4x CPU. This step groups
//! the chunks so that a screen's code comes in two files:
//!
//! - a chunk needed by any of the *roots* (the modules an address opens
//!   directly: the event and the level above's screens) goes with the roots
//!   that need it: into the root's own file if only one root needs it, into
//!   a shared file (`shared_event_units.wasm`) if several do;
//! - any other chunk goes into the file of the first module in `order` that
//!   needs it (those modules open from a screen that is already up).
//!
//! A module loads the bundles holding any chunk it needs, so every piece is
//! still there when its code runs; a module may load a little more code
//! than it needs, never less. Every file is in the service worker's
//! precache, so the extra bytes come from the phone, not the network.
//!
//! Usage: `wasm-bundle <split-dir> <root,root,...> <module,module,...>`
//! (rewrites the directory: bundles replace their chunks, and the loader
//! `__wasm_split.js` loads the bundles).

mod loader;
mod merge;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::Path;

use loader::Loader;

/// The tool's one error type: a message for the build log.
#[derive(Debug)]
pub struct Error(String);

impl Error {
    pub fn new(message: impl Into<String>) -> Self {
        Error(message.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error(e.to_string())
    }
}

impl From<wasmparser::BinaryReaderError> for Error {
    fn from(e: wasmparser::BinaryReaderError) -> Self {
        Error(format!("wasm: {e}"))
    }
}

impl<E: fmt::Debug> From<wasm_encoder::reencode::Error<E>> for Error {
    fn from(e: wasm_encoder::reencode::Error<E>) -> Self {
        Error(format!("wasm: {e:?}"))
    }
}

/// One output file: the pieces merged into it, and the module it is the
/// entry of, if any.
#[derive(Default)]
struct Bundle {
    pieces: Vec<String>,
    module: Option<String>,
    deps: BTreeSet<Vec<String>>,
}

/// The bundle a chunk needed by `needed_by` goes into (see the crate's doc).
fn bundle_key(needed_by: &BTreeSet<String>, roots: &[String], order: &[String]) -> Vec<String> {
    let wanted: Vec<String> = roots
        .iter()
        .filter(|r| needed_by.contains(*r))
        .cloned()
        .collect();
    if !wanted.is_empty() {
        return wanted;
    }
    let first = order
        .iter()
        .find(|m| needed_by.contains(*m))
        .or_else(|| needed_by.first())
        .cloned()
        .unwrap_or_default();
    vec![first]
}

fn file_of(key: &[String], bundle: &Bundle, loader: &Loader) -> String {
    match &bundle.module {
        Some(m) => loader
            .modules
            .iter()
            .find(|x| &x.name == m)
            .map(|x| x.file.clone())
            .unwrap_or_default(),
        None => format!("shared_{}.wasm", key.join("_")),
    }
}

/// The loader's variable for a bundle: a module's own, or a shared one
/// (named apart, so that no module's name can clash with it).
fn var_of(key: &[String]) -> String {
    match key {
        [module] => format!("__bundle_{module}"),
        _ => format!("__bundle_shared_{}", key.join("_")),
    }
}

fn plan(
    loader: &Loader,
    roots: &[String],
    order: &[String],
) -> Result<BTreeMap<Vec<String>, Bundle>, Error> {
    let mut bundles: BTreeMap<Vec<String>, Bundle> = BTreeMap::new();
    for m in &loader.modules {
        let b = bundles.entry(vec![m.name.clone()]).or_default();
        b.pieces.push(m.file.clone());
        b.module = Some(m.name.clone());
    }
    for c in &loader.chunks {
        let key = bundle_key(&c.needed_by, roots, order);
        bundles
            .entry(key.clone())
            .or_default()
            .pieces
            .push(c.file.clone());
        // Every module that needs this chunk loads its bundle.
        for m in &c.needed_by {
            let own = vec![m.clone()];
            if own != key {
                bundles
                    .get_mut(&own)
                    .ok_or_else(|| Error::new(format!("chunk needed by unknown module {m}")))?
                    .deps
                    .insert(key.clone());
            }
        }
    }
    if let Some((key, _)) = bundles
        .iter()
        .find(|(key, b)| key.len() == 1 && b.module.is_none())
    {
        return Err(Error::new(format!("{key:?} names no module")));
    }
    Ok(bundles)
}

/// The bundles in an order where each one's dependencies come first (the
/// loader's `const`s must be defined before they are listed).
fn in_dependency_order(
    bundles: &BTreeMap<Vec<String>, Bundle>,
) -> Result<Vec<&Vec<String>>, Error> {
    let mut done: Vec<&Vec<String>> = Vec::new();
    while done.len() < bundles.len() {
        let ready = bundles
            .iter()
            .find(|(k, b)| !done.contains(k) && b.deps.iter().all(|d| done.contains(&d)))
            .map(|(k, _)| k)
            .ok_or_else(|| Error::new("the bundles depend on each other in a cycle"))?;
        done.push(ready);
    }
    Ok(done)
}

fn list(arg: Option<String>) -> Vec<String> {
    arg.unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn run() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .ok_or_else(|| Error::new("usage: wasm-bundle <split-dir> <roots> <order>"))?;
    let dir = Path::new(&dir);
    let roots = list(args.next());
    let order = list(args.next());

    let loader_path = dir.join("__wasm_split.js");
    let loader = Loader::parse(&std::fs::read_to_string(&loader_path)?)?;
    let bundles = plan(&loader, &roots, &order)?;
    let order = in_dependency_order(&bundles)?;

    let mut entries = Vec::new();
    for key in order {
        let bundle = &bundles[key];
        let file = file_of(key, bundle, &loader);
        let mut pieces = Vec::new();
        for piece in &bundle.pieces {
            pieces.push(std::fs::read(dir.join(piece))?);
        }
        let merged = if pieces.len() == 1 {
            pieces.remove(0)
        } else {
            merge::merge(&pieces)?
        };
        for piece in &bundle.pieces {
            std::fs::remove_file(dir.join(piece))?;
        }
        std::fs::write(dir.join(&file), merged)?;
        eprintln!(
            "wasm-bundle: {file} <- {} piece(s), loads after {}",
            bundle.pieces.len(),
            if bundle.deps.is_empty() {
                "nothing".to_string()
            } else {
                bundle
                    .deps
                    .iter()
                    .map(|d| file_of(d, &bundles[d], &loader))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        );
        let deps = bundle.deps.iter().map(|d| var_of(d)).collect();
        entries.push((var_of(key), file, deps, bundle.module.clone()));
    }
    std::fs::write(&loader_path, loader.write(&entries))?;
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("wasm-bundle: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(head: &str, file: &str, deps: &str, tail: &str) -> String {
        format!(
            "{head}makeLoad(() => {{\n    const src = fetch(new URL(\"./{file}\", import.meta.url));\n    src.catch(() => {{}});\n    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));\n}}\n, [{deps}]){tail};\n"
        )
    }

    /// A loader of wasm-split-cli's shape: three modules, five chunks.
    fn sample() -> String {
        let mut js =
            String::from("import { initSync } from \"./main.js\";\nfunction makeLoad(f, d) {}\n");
        for (n, set) in [
            (1, "day_screens, event"),
            (2, "event, units"),
            (3, "day_screens, units"),
            (4, "day_screens, event, units"),
            (5, "day_screens"),
        ] {
            js += &format!("/* {set} */\n");
            js += &block(
                &format!("const __chunk_{n} = "),
                &format!("chunk_{n}.wasm"),
                "",
                "",
            );
        }
        for (m, deps) in [
            ("units", "__chunk_2, __chunk_3, __chunk_4"),
            ("event", "__chunk_1, __chunk_2, __chunk_4"),
            ("day_screens", "__chunk_1, __chunk_3, __chunk_4, __chunk_5"),
        ] {
            js += &block(
                &format!("export const __wasm_split_load_{m} = wrapAsyncCb("),
                &format!("split_{m}.wasm"),
                deps,
                ")",
            );
        }
        js
    }

    #[test]
    fn chunks_go_to_the_roots_that_need_them_and_modules_load_what_they_need() {
        let loader = Loader::parse(&sample()).expect("parses");
        assert_eq!(loader.chunks.len(), 5);
        assert_eq!(loader.modules.len(), 3);
        let roots = ["event".to_string(), "units".to_string()];
        let bundles = plan(&loader, &roots, &["day_screens".to_string()]).unwrap();
        let pieces = |key: &[&str]| {
            let key: Vec<String> = key.iter().map(|s| s.to_string()).collect();
            bundles[&key].pieces.clone()
        };
        assert_eq!(pieces(&["event"]), ["split_event.wasm", "chunk_1.wasm"]);
        assert_eq!(pieces(&["units"]), ["split_units.wasm", "chunk_3.wasm"]);
        assert_eq!(
            pieces(&["event", "units"]),
            ["chunk_2.wasm", "chunk_4.wasm"]
        );
        assert_eq!(
            pieces(&["day_screens"]),
            ["split_day_screens.wasm", "chunk_5.wasm"]
        );

        // Every chunk a module needs is in its own bundle or one it loads.
        for m in &loader.modules {
            let own = vec![m.name.clone()];
            let reachable: Vec<&String> = std::iter::once(&own)
                .chain(bundles[&own].deps.iter())
                .flat_map(|k| bundles[k].pieces.iter())
                .collect();
            for c in loader
                .chunks
                .iter()
                .filter(|c| c.needed_by.contains(&m.name))
            {
                assert!(reachable.contains(&&c.file), "{} misses {}", m.name, c.file);
            }
        }

        // The loader defines each bundle before another lists it.
        let order = in_dependency_order(&bundles).unwrap();
        let entries: Vec<_> = order
            .iter()
            .map(|k| {
                let b = &bundles[*k];
                let deps = b.deps.iter().map(|d| var_of(d)).collect();
                (var_of(k), file_of(k, b, &loader), deps, b.module.clone())
            })
            .collect();
        let js = loader.write(&entries);
        assert!(js.starts_with("import { initSync }"));
        assert!(js.contains(
            "export const __wasm_split_load_day_screens = wrapAsyncCb(__bundle_day_screens);"
        ));
        assert!(js.contains("new URL(\"./shared_event_units.wasm\""));
        // Each file compiles as it streams; only instantiating waits.
        assert_eq!(
            js.matches("WebAssembly.compileStreaming(fetch(").count(),
            entries.len()
        );
        assert!(!js.contains("instantiateStreaming"));
        for (var, _, deps, _) in &entries {
            let defined = js.find(&format!("const {var} =")).unwrap();
            for d in deps {
                assert!(
                    js.find(&format!("const {d} =")).unwrap() < defined,
                    "{d} after {var}"
                );
            }
        }
    }

    #[test]
    fn a_loader_of_another_shape_is_refused() {
        let js = sample().replace("new URL(\"./chunk_3.wasm\"", "new Other(\"./chunk_3.wasm\"");
        assert!(Loader::parse(&js).is_err());
        // A fetcher that differs only in what it does with the bytes.
        let js = sample().replacen(
            "instantiateStreaming(src",
            "instantiateStreaming(await src",
            1,
        );
        assert!(Loader::parse(&js).is_err());
    }
}
