//! The committed `include/enet/enet.h` must be exactly what cbindgen makes of
//! the current sources. Run with `UPDATE_HEADER=1` to rewrite it.

use std::path::Path;

#[test]
fn committed_header_matches_cbindgen_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config =
        cbindgen::Config::from_file(root.join("cbindgen.toml")).expect("read cbindgen.toml");
    // Only the C-facing layers are read: the types (src/abi) and the exports
    // (src/ffi). Constants of the Rust-only layers never leak into the header.
    // cbindgen follows their `mod` declarations.
    let builder = cbindgen::Builder::new()
        .with_config(config)
        .with_src(root.join("src/abi/mod.rs"))
        .with_src(root.join("src/ffi/mod.rs"));
    let bindings = builder.generate().expect("cbindgen generates the header");
    let mut generated = Vec::new();
    bindings.write(&mut generated);
    let generated = String::from_utf8(generated).expect("header is UTF-8");
    let path = root.join("include/enet/enet.h");
    if std::env::var_os("UPDATE_HEADER").is_some() {
        std::fs::write(&path, &generated).expect("write header");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != generated {
        let line = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(generated.lines().count()))
            + 1;
        panic!(
            "include/enet/enet.h is stale (first difference at line {line}); \
             regenerate it with `UPDATE_HEADER=1 cargo test --test header` and commit it"
        );
    }
}
