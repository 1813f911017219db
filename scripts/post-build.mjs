// Trunk's post-build hook: the nine steps in order. Each is awaited before the next starts:
// static imports of modules that await (the split, the compression) would let the next step
// run while one waits.
// The split rewrites the page's wasm and glue, and the minifier the glue, so they come before
// the steps that list, hash and compress the files.
await import("./split-wasm.mjs");
await import("./minify-js.mjs");
// Renames the wasm's imports in the minified glue, where each key occurs once.
await import("./short-imports.mjs");
// Orders each wasm's functions for compression: after the last step that rewrites a wasm.
await import("./order-functions.mjs");
// Rewrites the loader the policy hashes.
await import("./early-wasm.mjs");
// Writes the stylesheet into the page, as an element the policy hashes.
await import("./inline-style.mjs");
await import("./csp-hashes.mjs");
await import("./offline.mjs");
await import("./precompress.mjs");
