//! Has the linker keep its symbol table and relocations in the page's release WebAssembly
//! (`--emit-relocs`): where each static starts, how long it is, and every address the code was
//! given. The split of the page's wasm (scripts/split-data.mjs) reads them in Cargo's
//! `overhead.wasm` to move the statics only the deferred code reads into the deferred part,
//! then strips them.
use std::env;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let wasm = env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    if wasm && env::var("PROFILE").as_deref() == Ok("release") {
        println!("cargo:rustc-link-arg-bin=overhead=--emit-relocs");
    }
}
