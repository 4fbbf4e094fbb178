//! Merging wasm modules that share one main module's memory and table.
//!
//! wasm-split-cli's pieces import only from the main module (its memory, its
//! function table, its stack pointer) and export nothing: each one places
//! its functions in the shared table (active element segments at fixed
//! slots) and its data at fixed addresses (active data segments). So
//! instantiating one module made of several pieces does exactly what
//! instantiating each of them did. What has to change is only the index
//! spaces: every piece's types, functions, globals, elements and data are
//! renumbered after the pieces before it, and imports of the same name become
//! one import.

use std::collections::HashMap;

use wasm_encoder::reencode::{self, Reencode};
use wasmparser::{Name, Parser, Payload, TypeRef};

use crate::Error;

/// One index space (functions, tables, memories or globals) of one piece:
/// where its imports went, and where its own definitions start.
#[derive(Default)]
struct Space {
    imported: Vec<u32>,
    defined_base: u32,
}

impl Space {
    fn map(&self, index: u32) -> u32 {
        match self.imported.get(index as usize) {
            Some(&merged) => merged,
            None => self.defined_base + index - self.imported.len() as u32,
        }
    }
}

/// How one piece's indices map into the merged module.
#[derive(Default)]
struct Remap {
    types: u32,
    funcs: Space,
    tables: Space,
    memories: Space,
    globals: Space,
    elements: u32,
    data: u32,
}

impl Reencode for Remap {
    type Error = std::convert::Infallible;

    fn type_index(&mut self, ty: u32) -> Result<u32, reencode::Error<Self::Error>> {
        Ok(self.types + ty)
    }
    fn function_index(&mut self, func: u32) -> Result<u32, reencode::Error<Self::Error>> {
        Ok(self.funcs.map(func))
    }
    fn table_index(&mut self, table: u32) -> Result<u32, reencode::Error<Self::Error>> {
        Ok(self.tables.map(table))
    }
    fn memory_index(&mut self, memory: u32) -> Result<u32, reencode::Error<Self::Error>> {
        Ok(self.memories.map(memory))
    }
    fn global_index(&mut self, global: u32) -> Result<u32, reencode::Error<Self::Error>> {
        Ok(self.globals.map(global))
    }
    fn element_index(&mut self, element: u32) -> Result<u32, reencode::Error<Self::Error>> {
        Ok(self.elements + element)
    }
    fn data_index(&mut self, data: u32) -> Result<u32, reencode::Error<Self::Error>> {
        Ok(self.data + data)
    }
}

/// What one piece holds, counted before anything is written.
#[derive(Default)]
struct Counts {
    types: u32,
    funcs: u32,
    tables: u32,
    memories: u32,
    globals: u32,
    elements: u32,
    data: u32,
}

/// Imports kept once each, by kind, in the order first seen.
#[derive(Default)]
struct Imports<'a> {
    /// (module, name) -> (kind index among imports of that kind)
    seen: HashMap<(&'a str, &'a str), u32>,
    /// Each distinct import with the piece it was first seen in.
    list: Vec<(usize, wasmparser::Import<'a>)>,
    per_kind: [u32; 4],
}

fn kind_of(ty: &TypeRef) -> Result<usize, Error> {
    match ty {
        TypeRef::Func(_) | TypeRef::FuncExact(_) => Ok(0),
        TypeRef::Table(_) => Ok(1),
        TypeRef::Memory(_) => Ok(2),
        TypeRef::Global(_) => Ok(3),
        TypeRef::Tag(_) => Err(Error::new("a piece imports a tag; not supported")),
    }
}

/// Merges `pieces` into one module. Custom sections other than function
/// names are dropped (the pieces' target features are given to wasm-opt).
pub fn merge(pieces: &[Vec<u8>]) -> Result<Vec<u8>, Error> {
    // Pass 1: count each piece's definitions and collect the imports.
    let mut counts: Vec<Counts> = Vec::new();
    let mut imports = Imports::default();
    let mut remaps: Vec<Remap> = Vec::new();
    for (p, bytes) in pieces.iter().enumerate() {
        let mut c = Counts::default();
        let mut r = Remap::default();
        for payload in Parser::new(0).parse_all(bytes) {
            match payload? {
                Payload::TypeSection(s) => {
                    // Count types, not recursion groups (one group may hold several).
                    for group in s {
                        c.types += group?.types().len() as u32;
                    }
                }
                Payload::ImportSection(s) => {
                    for import in s.into_imports() {
                        let import = import?;
                        let kind = kind_of(&import.ty)?;
                        let key = (import.module, import.name);
                        let merged = match imports.seen.get(&key) {
                            Some(&i) => i,
                            None => {
                                let i = imports.per_kind[kind];
                                imports.per_kind[kind] += 1;
                                imports.seen.insert(key, i);
                                imports.list.push((p, import));
                                i
                            }
                        };
                        let space = match kind {
                            0 => &mut r.funcs,
                            1 => &mut r.tables,
                            2 => &mut r.memories,
                            _ => &mut r.globals,
                        };
                        space.imported.push(merged);
                    }
                }
                Payload::FunctionSection(s) => c.funcs += s.count(),
                Payload::TableSection(s) => c.tables += s.count(),
                Payload::MemorySection(s) => c.memories += s.count(),
                Payload::GlobalSection(s) => c.globals += s.count(),
                Payload::ElementSection(s) => c.elements += s.count(),
                Payload::DataSection(s) => c.data += s.count(),
                Payload::ExportSection(s) if s.count() > 0 => {
                    return Err(Error::new("a piece exports something; not supported"));
                }
                Payload::StartSection { .. } => {
                    return Err(Error::new("a piece has a start function; not supported"));
                }
                Payload::TagSection(_) => {
                    return Err(Error::new("a piece defines tags; not supported"));
                }
                _ => {}
            }
        }
        counts.push(c);
        remaps.push(r);
    }

    // Where each piece's own definitions start in the merged index spaces.
    let mut next = Counts {
        funcs: imports.per_kind[0],
        tables: imports.per_kind[1],
        memories: imports.per_kind[2],
        globals: imports.per_kind[3],
        ..Counts::default()
    };
    for (r, c) in remaps.iter_mut().zip(&counts) {
        r.types = next.types;
        r.funcs.defined_base = next.funcs;
        r.tables.defined_base = next.tables;
        r.memories.defined_base = next.memories;
        r.globals.defined_base = next.globals;
        r.elements = next.elements;
        r.data = next.data;
        next.types += c.types;
        next.funcs += c.funcs;
        next.tables += c.tables;
        next.memories += c.memories;
        next.globals += c.globals;
        next.elements += c.elements;
        next.data += c.data;
    }

    // Pass 2: write every section of every piece, renumbered.
    let mut types = wasm_encoder::TypeSection::new();
    let mut import_section = wasm_encoder::ImportSection::new();
    let mut functions = wasm_encoder::FunctionSection::new();
    let mut tables = wasm_encoder::TableSection::new();
    let mut memories = wasm_encoder::MemorySection::new();
    let mut globals = wasm_encoder::GlobalSection::new();
    let mut elements = wasm_encoder::ElementSection::new();
    let mut code = wasm_encoder::CodeSection::new();
    let mut data = wasm_encoder::DataSection::new();
    let mut names = wasm_encoder::NameMap::new();
    let mut has_names = false;

    for &(p, import) in &imports.list {
        let ty = remaps[p].entity_type(import.ty)?;
        import_section.import(import.module, import.name, ty);
    }
    for (bytes, r) in pieces.iter().zip(remaps.iter_mut()) {
        for payload in Parser::new(0).parse_all(bytes) {
            match payload? {
                Payload::TypeSection(s) => reencode::utils::parse_type_section(r, &mut types, s)?,
                Payload::FunctionSection(s) => {
                    reencode::utils::parse_function_section(r, &mut functions, s)?
                }
                Payload::TableSection(s) => {
                    reencode::utils::parse_table_section(r, &mut tables, s)?
                }
                Payload::MemorySection(s) => {
                    reencode::utils::parse_memory_section(r, &mut memories, s)?
                }
                Payload::GlobalSection(s) => {
                    reencode::utils::parse_global_section(r, &mut globals, s)?
                }
                Payload::ElementSection(s) => {
                    reencode::utils::parse_element_section(r, &mut elements, s)?
                }
                Payload::CodeSectionEntry(body) => {
                    reencode::utils::parse_function_body(r, &mut code, body)?
                }
                Payload::DataSection(s) => reencode::utils::parse_data_section(r, &mut data, s)?,
                Payload::CustomSection(s) if s.name() == "name" => {
                    let reader = wasmparser::NameSectionReader::new(wasmparser::BinaryReader::new(
                        s.data(),
                        s.data_offset(),
                    ));
                    for name in reader {
                        if let Name::Function(map) = name? {
                            for naming in map {
                                let naming = naming?;
                                names.append(r.funcs.map(naming.index), naming.name);
                                has_names = true;
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    let mut module = wasm_encoder::Module::new();
    module.section(&types);
    module.section(&import_section);
    module.section(&functions);
    if !tables.is_empty() {
        module.section(&tables);
    }
    if !memories.is_empty() {
        module.section(&memories);
    }
    if !globals.is_empty() {
        module.section(&globals);
    }
    if !elements.is_empty() {
        module.section(&elements);
    }
    module.section(&wasm_encoder::DataCountSection { count: next.data });
    module.section(&code);
    module.section(&data);
    if has_names {
        let mut section = wasm_encoder::NameSection::new();
        section.functions(&names);
        module.section(&section);
    }
    let bytes = module.finish();
    // Whatever went wrong above, an invalid module must not reach a phone.
    wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all())
        .validate_all(&bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{
        CodeSection, ConstExpr, DataSection, ElementSection, Elements, EntityType, Function,
        FunctionSection, GlobalType, ImportSection, Instruction, MemoryType, Module, RefType,
        TableType, TypeSection, ValType,
    };

    fn table() -> EntityType {
        EntityType::Table(TableType {
            element_type: RefType::FUNCREF,
            table64: false,
            minimum: 10,
            maximum: None,
            shared: false,
        })
    }

    fn memory() -> EntityType {
        EntityType::Memory(MemoryType {
            minimum: 1,
            maximum: None,
            memory64: false,
            shared: false,
            page_size_log2: None,
        })
    }

    /// Two functions; the second calls the first; the second is put in
    /// table slot `slot`, `bytes` at address `address`.
    fn piece(slot: i32, address: i32, bytes: &[u8], with_global: bool) -> Vec<u8> {
        let mut types = TypeSection::new();
        types.ty().function([], [ValType::I32]);
        let mut imports = ImportSection::new();
        if with_global {
            // imported in another order than the other piece, and a global
            imports.import("__wasm_split", "memory", memory());
            imports.import(
                "__wasm_split",
                "__wasm_split_shared0",
                EntityType::Global(GlobalType {
                    val_type: ValType::I32,
                    mutable: true,
                    shared: false,
                }),
            );
        }
        imports.import("__wasm_split", "__indirect_function_table", table());
        if !with_global {
            imports.import("__wasm_split", "memory", memory());
        }
        let mut functions = FunctionSection::new();
        functions.function(0).function(0);
        let mut elements = ElementSection::new();
        elements.active(
            Some(0),
            &ConstExpr::i32_const(slot),
            Elements::Functions(vec![1].into()),
        );
        let mut code = CodeSection::new();
        let mut first = Function::new([]);
        if with_global {
            first.instruction(&Instruction::GlobalGet(0));
        } else {
            first.instruction(&Instruction::I32Const(7));
        }
        first.instruction(&Instruction::End);
        code.function(&first);
        let mut second = Function::new([]);
        second.instruction(&Instruction::Call(0));
        second.instruction(&Instruction::I32Const(slot));
        second.instruction(&Instruction::CallIndirect {
            type_index: 0,
            table_index: 0,
        });
        second.instruction(&Instruction::I32Add);
        second.instruction(&Instruction::End);
        code.function(&second);
        let mut data = DataSection::new();
        data.active(0, &ConstExpr::i32_const(address), bytes.iter().copied());
        let mut module = Module::new();
        module
            .section(&types)
            .section(&imports)
            .section(&functions)
            .section(&elements)
            .section(&code)
            .section(&data);
        module.finish()
    }

    #[test]
    fn pieces_become_one_module_with_each_index_renumbered() {
        let merged =
            merge(&[piece(2, 100, b"aa", false), piece(5, 200, b"bb", true)]).expect("merges");

        let mut imports = Vec::new();
        let mut slots = Vec::new();
        let mut data = Vec::new();
        let mut calls = Vec::new();
        for payload in Parser::new(0).parse_all(&merged) {
            match payload.unwrap() {
                Payload::ImportSection(s) => {
                    for i in s.into_imports() {
                        imports.push(i.unwrap().name.to_string());
                    }
                }
                Payload::ElementSection(s) => {
                    for e in s {
                        let e = e.unwrap();
                        let wasmparser::ElementItems::Functions(f) = e.items else {
                            panic!("functions expected")
                        };
                        slots.push(f.into_iter().map(|x| x.unwrap()).collect::<Vec<_>>());
                    }
                }
                Payload::DataSection(s) => {
                    for d in s {
                        data.push(d.unwrap().data.to_vec());
                    }
                }
                Payload::CodeSectionEntry(body) => {
                    let mut ops = Vec::new();
                    for op in body.get_operators_reader().unwrap() {
                        match op.unwrap() {
                            wasmparser::Operator::Call { function_index } => {
                                ops.push(format!("call {function_index}"))
                            }
                            wasmparser::Operator::GlobalGet { global_index } => {
                                ops.push(format!("global {global_index}"))
                            }
                            wasmparser::Operator::CallIndirect { type_index, .. } => {
                                ops.push(format!("indirect {type_index}"))
                            }
                            _ => {}
                        }
                    }
                    calls.push(ops);
                }
                _ => {}
            }
        }
        // One import each of table, memory and global, shared by both pieces.
        imports.sort();
        assert_eq!(
            imports,
            [
                "__indirect_function_table",
                "__wasm_split_shared0",
                "memory"
            ]
        );
        // Each piece's table slot holds its own second function.
        assert_eq!(slots, [vec![1], vec![3]]);
        assert_eq!(data, [b"aa".to_vec(), b"bb".to_vec()]);
        // Calls go to the piece's own functions; types follow the piece's.
        assert_eq!(
            calls,
            [
                vec![],
                vec!["call 0".to_string(), "indirect 0".to_string()],
                vec!["global 0".to_string()],
                vec!["call 2".to_string(), "indirect 1".to_string()],
            ]
        );
    }

    #[test]
    fn a_piece_that_exports_is_refused() {
        let mut module = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([], []);
        let mut functions = FunctionSection::new();
        functions.function(0);
        let mut exports = wasm_encoder::ExportSection::new();
        exports.export("f", wasm_encoder::ExportKind::Func, 0);
        let mut code = CodeSection::new();
        let mut f = Function::new([]);
        f.instruction(&Instruction::End);
        code.function(&f);
        module
            .section(&types)
            .section(&functions)
            .section(&exports)
            .section(&code);
        let error = merge(&[module.finish(), piece(1, 1, b"", false)]).unwrap_err();
        assert!(error.to_string().contains("exports"), "{error}");
    }
}
