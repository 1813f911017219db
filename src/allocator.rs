//! The allocator of each of the app's wasm binaries (the page and its three workers, which
//! include this file by path): Talc, in place of the standard library's dlmalloc.
//!
//! Chosen for the page's start. Its allocation is 0.9 KB of wasm where dlmalloc's `malloc` is
//! 4.6 KB, and the start calls it often enough that V8 compiles it again with its optimizing
//! compiler, beside the page's thread: dlmalloc's took that compiler 7-40 ms of a 2-core
//! machine's time on every start, Talc's 1-2 ms. The first part of the page's wasm is 1 KB
//! gzip smaller with it. Talc grows the wasm memory as dlmalloc does, and never shrinks it.

#[cfg(target_family = "wasm")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
