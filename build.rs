//! Links the page's release WebAssembly for the split of its data (scripts/split-data.mjs):
//! - the linker keeps its symbol table and relocations (`--emit-relocs`): where each static
//!   starts, how long it is, and every address the code was given. The split reads them in
//!   Cargo's `overhead.wasm` to move the statics only the deferred code reads into the deferred
//!   part, then strips them.
//! - the data starts above 0x110000 (`--global-base`), not at 1 MiB under the stack. The split
//!   keeps every static that a constant of the first part's code points at, and 0x110000
//!   (`char::MAX` + 1) is a constant of the code as the None of an `Option<char>`: with the
//!   data at 1 MiB it fell inside one of core's Unicode tables, 1 KB of the first load's gzip.
use std::env;

/// Where the page's data starts: 0x120000, past 0x110000, a multiple of 64 KiB.
const DATA_START: u32 = 0x12_0000;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let wasm = env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    if wasm && env::var("PROFILE").as_deref() == Ok("release") {
        println!("cargo:rustc-link-arg-bin=overhead=--emit-relocs");
        println!("cargo:rustc-link-arg-bin=overhead=--global-base={DATA_START}");
    }
}
