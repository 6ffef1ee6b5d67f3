//! Our `#[repr(C)]` layouts against the reference header (Debian's
//! libenet-dev), read by bindgen: size and alignment of every public struct
//! and union, and the offset of every field, by name.
//!
//! The reference include directory comes from `ENET_REFERENCE_INCLUDE`, else
//! `pkg-config --variable=includedir libenet`, else `/usr/include`. The test
//! fails (rather than skips) when the reference header is missing: CI
//! installs it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use enet::abi::layout::table;

fn reference_include_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("ENET_REFERENCE_INCLUDE") {
        return PathBuf::from(dir);
    }
    let from_pkg_config = Command::new("pkg-config")
        .args(["--variable=includedir", "libenet"])
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()));
    from_pkg_config.unwrap_or_else(|| PathBuf::from("/usr/include"))
}

#[derive(Debug, Default)]
struct ReferenceType {
    size: Option<usize>,
    align: Option<usize>,
    offsets: BTreeMap<String, usize>,
}

/// Reads bindgen's layout assertions, which look like
/// `["Offset of field: _ENetPeer::host"][offset_of!(_ENetPeer, host) - 16usize];`
/// (rustfmt may break them over lines, so whitespace is dropped first).
fn parse_layout_assertions(bindings: &str) -> BTreeMap<String, ReferenceType> {
    let compact: String = bindings.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut types: BTreeMap<String, ReferenceType> = BTreeMap::new();
    for piece in compact.split("[\"").skip(1) {
        let Some((label, expr)) = piece.split_once("\"]") else {
            continue;
        };
        let Some(value) = expr
            .split_once("usize]")
            .and_then(|(before, _)| before.rsplit_once(" - "))
            .and_then(|(_, value)| value.trim().parse::<usize>().ok())
        else {
            continue;
        };
        if let Some(name) = label.strip_prefix("Size of ") {
            types.entry(name.to_string()).or_default().size = Some(value);
        } else if let Some(name) = label.strip_prefix("Alignment of ") {
            types.entry(name.to_string()).or_default().align = Some(value);
        } else if let Some(path) = label.strip_prefix("Offset of field: ") {
            let (name, field) = path.split_once("::").expect("Type::field");
            // bindgen renames the C field `type` to `type_`.
            let field = if field == "type_" { "type" } else { field };
            types
                .entry(name.to_string())
                .or_default()
                .offsets
                .insert(field.to_string(), value);
        }
    }
    // Only ENet's own types; system types such as fd_set come along too.
    types.retain(|name, _| name.starts_with("_ENet") || name.starts_with("ENet"));
    types
}

#[test]
fn every_public_struct_and_field_matches_the_reference_header() {
    let include = reference_include_dir();
    let header = include.join("enet/enet.h");
    assert!(
        header.exists(),
        "reference header {} not found: install libenet-dev (or set ENET_REFERENCE_INCLUDE)",
        header.display()
    );
    let bindings = bindgen::Builder::default()
        .header(header.to_string_lossy())
        .clang_arg(format!("-I{}", include.display()))
        .allowlist_type("_?ENet.*")
        .layout_tests(true)
        .derive_debug(false)
        .generate()
        .expect("bindgen reads the reference header")
        .to_string();
    let reference = parse_layout_assertions(&bindings);

    let ours = table();
    let mut problems = Vec::new();
    for ty in &ours {
        let Some(expected) = reference.get(ty.name) else {
            problems.push(format!("{}: not in the reference header", ty.name));
            continue;
        };
        if expected.size != Some(ty.size) {
            problems.push(format!(
                "{}: size {} but reference {:?}",
                ty.name, ty.size, expected.size
            ));
        }
        if expected.align != Some(ty.align) {
            problems.push(format!(
                "{}: align {} but reference {:?}",
                ty.name, ty.align, expected.align
            ));
        }
        if ty.fields.is_empty() {
            continue; // the union: members all at offset 0, size checked above
        }
        for field in &ty.fields {
            match expected.offsets.get(field.name) {
                Some(&offset) if offset == field.offset => {}
                Some(&offset) => problems.push(format!(
                    "{}::{}: offset {} but reference {}",
                    ty.name, field.name, field.offset, offset
                )),
                None => problems.push(format!(
                    "{}::{}: not a field of the reference",
                    ty.name, field.name
                )),
            }
        }
        for name in expected.offsets.keys() {
            if !ty.fields.iter().any(|field| field.name == name) {
                problems.push(format!(
                    "{}::{}: reference field missing in ours",
                    ty.name, name
                ));
            }
        }
    }
    // Every struct and union of the reference must be one of ours.
    for name in reference.keys() {
        if reference[name].size.is_some() && !ours.iter().any(|ty| ty.name == name) {
            problems.push(format!("{name}: reference type missing in ours"));
        }
    }
    assert!(ours.len() >= 28, "the table covers every public type");
    assert!(
        problems.is_empty(),
        "layout differences:\n{}",
        problems.join("\n")
    );
}

#[test]
fn field_sizes_tile_each_struct_without_overlap() {
    for ty in table() {
        let mut end = 0;
        for field in &ty.fields {
            assert!(
                field.offset >= end,
                "{}::{} overlaps the previous field",
                ty.name,
                field.name
            );
            end = field.offset + field.size;
        }
        assert!(end <= ty.size, "{} fields run past its size", ty.name);
    }
}
