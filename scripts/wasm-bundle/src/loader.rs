//! Reading and writing wasm-split-cli's JS loader (`__wasm_split.js`).
//!
//! The loader is generated text of a fixed shape: shared helpers, then one
//! `const __chunk_N = makeLoad(<fetcher>, []);` per chunk (preceded by a
//! comment naming the modules that need it), then one
//! `export const __wasm_split_load_<module> = wrapAsyncCb(makeLoad(<fetcher>, [deps]));`
//! per module. The helpers are kept as they are; the rest is written again
//! for the bundles.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::Error;

pub struct Chunk {
    pub file: String,
    pub needed_by: BTreeSet<String>,
}

pub struct Module {
    pub name: String,
    pub file: String,
}

pub struct Loader {
    /// Everything before the first chunk: imports and helpers.
    pub header: String,
    pub chunks: Vec<Chunk>,
    pub modules: Vec<Module>,
}

const EXPORT: &str = "export const __wasm_split_load_";
/// Stands for the file name in the fetchers below.
const PLACE: &str = "@FILE@";

/// wasm-split-cli's fetcher: fetches at once, but compiles only when
/// instantiated, which `makeLoad` does after the dependencies are in. A
/// loader whose fetchers differ is refused: the tool was written for this one.
const SPLIT_FETCHER: &str = "() => {
    const src = fetch(new URL(\"./@FILE@\", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}";

/// The fetcher written instead: compiles as the bytes come (V8's code cache
/// applies to `compileStreaming` as to `instantiateStreaming`), so that a
/// screen's files compile side by side rather than one after another, and
/// only the instantiation waits for the dependencies.
const FETCHER: &str = "() => {
    const compiling = WebAssembly.compileStreaming(fetch(new URL(\"./@FILE@\", import.meta.url)));
    compiling.catch(() => {});
    return async (imports) => {
        const module = await compiling;
        return { module, instance: await WebAssembly.instantiate(module, imports) };
    };
}";

fn between<'a>(text: &'a str, start: &str, end: &str) -> Result<&'a str, Error> {
    let from = text
        .find(start)
        .ok_or_else(|| Error::new(format!("loader: `{start}` not found")))?
        + start.len();
    let len = text[from..]
        .find(end)
        .ok_or_else(|| Error::new(format!("loader: `{end}` not found after `{start}`")))?;
    Ok(&text[from..from + len])
}

/// The fetcher text of a block (`() => { ... }`) and the file it fetches.
fn fetcher_of(block: &str) -> Result<(String, String), Error> {
    let body = between(block, "makeLoad(", "\n, [")?;
    let file = between(body, "new URL(\"./", "\"")?.to_string();
    Ok((body.replacen(&file, PLACE, 1), file))
}

impl Loader {
    pub fn parse(js: &str) -> Result<Loader, Error> {
        let first = js
            .find("/* ")
            .ok_or_else(|| Error::new("loader: no chunk found"))?;
        let header = js[..first].to_string();
        let mut chunks = Vec::new();
        let mut modules = Vec::new();
        // Blocks start with a chunk's comment or a module's export.
        let mut rest = &js[first..];
        while !rest.trim().is_empty() {
            let next = rest[1..]
                .find("\n/* ")
                .into_iter()
                .chain(rest[1..].find(&format!("\n{EXPORT}")))
                .min()
                .map_or(rest.len(), |i| i + 2);
            let block = &rest[..next];
            rest = &rest[next..];
            let (this_fetcher, file) = fetcher_of(block)?;
            if this_fetcher != SPLIT_FETCHER {
                return Err(Error::new(format!(
                    "loader: the fetcher of {file} is not wasm-split-cli's as known"
                )));
            }
            if let Some(names) = block.strip_prefix("/* ") {
                let names = between(names, "", " */")?;
                chunks.push(Chunk {
                    file,
                    needed_by: names.split(", ").map(str::to_string).collect(),
                });
            } else if let Some(name) = block.strip_prefix(EXPORT) {
                let name = between(name, "", " ")?.to_string();
                modules.push(Module { name, file });
            } else {
                return Err(Error::new(
                    "loader: a block is neither a chunk nor a module",
                ));
            }
        }
        Ok(Loader {
            header,
            chunks,
            modules,
        })
    }

    /// The loader for `bundles`, given in an order where each bundle's
    /// dependencies come before it: `(variable, file, deps, exported module)`.
    pub fn write(&self, bundles: &[(String, String, Vec<String>, Option<String>)]) -> String {
        let mut js = self.header.clone();
        for (var, file, deps, module) in bundles {
            let load = format!(
                "makeLoad({}\n, [{}])",
                FETCHER.replacen(PLACE, file, 1),
                deps.join(", ")
            );
            let _ = writeln!(js, "const {var} = {load};");
            if let Some(module) = module {
                let _ = writeln!(js, "{EXPORT}{module} = wrapAsyncCb({var});");
            }
        }
        js
    }
}
