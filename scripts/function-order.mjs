// The order of a wasm module's functions for compression (the build's step
// scripts/order-functions.mjs): so that gzip and brotli find more of each function in the ones
// just before it.
//
// A compressor reads a module's code in the order of its code section, and gzip looks back only
// 32 KB. wasm-opt's -Oz leaves the functions in the order of how often they are called, which
// buys nothing here: nearly every call's function index takes two bytes whatever the order (the
// page's wasm imports over 128 functions, so none it defines has an index below 128), and the
// engine compiles each function on its first call wherever it is. Ordered by size (in steps of a
// quarter of a power of two), then by type, then by their bytes, functions of one shape sit
// together: the copies of one generic function, Leptos' view closures, a crate's small helpers.
// In November 2026 that took the first part of the page's wasm from 156,528 to 154,629 B gzip,
// and its deferred part from 439,894 to 416,912 B (sizes of gzip -9).
//
// wasm-opt does the moving (`--reorder-functions-by-name`, which renumbers every call, export,
// table entry and name): `withFunctionsOrdered` names each function by its rank, and afterwards
// drops the names, or puts the old ones back in a build that keeps its names (for a size
// breakdown or a profile). wasm-opt writes the module as its -Oz does (stack IR optimized):
// nothing else changes.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { WASM_FEATURES, WASM_OPT, moduleFunctions, nameBytes, uleb, withoutCustomSections } from "./wasm-binary.mjs";

// Steps of a function's size that count as one size: a quarter of a power of two.
const SIZE_STEPS_PER_DOUBLING = 4;

/** The step of sizes a function's body is in, which orders it first: `SIZE_STEPS_PER_DOUBLING`
 * steps a doubling. */
export function sizeStep(body) {
  return Math.floor(Math.log2(body.length) * SIZE_STEPS_PER_DOUBLING);
}

/** `wasm` (bytes) with its functions ordered for compression (`compressionOrder`), its names
 * kept if it has any; `work` is a directory for wasm-opt's files. */
export function withFunctionsOrdered(wasm, work) {
  const module = moduleFunctions(wasm);
  const order = compressionOrder(module);
  const rank = new Array(order.length);
  order.forEach((defined, at) => (rank[defined] = at));
  const digits = String(order.length).length;
  const byRank = new Map(rank.map((at, defined) => [module.imports + defined, `f${String(at).padStart(digits, "0")}`]));
  const input = join(work, "ranked.wasm");
  const output = join(work, "ordered.wasm");
  writeFileSync(input, withFunctionNames(wasm, byRank));
  // Without --debuginfo, wasm-opt writes no names.
  execFileSync(WASM_OPT, [...WASM_FEATURES, "--reorder-functions-by-name", "--generate-stack-ir", "--optimize-stack-ir", "--shrink-level=2", input, "-o", output], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const ordered = readFileSync(output);
  if (!WebAssembly.validate(ordered)) throw new Error("order functions: wasm-opt wrote an invalid module");
  if (module.names.size === 0) return ordered;
  // The defined function of rank r is now function `imports + r`.
  const names = new Map([...module.names].filter(([index]) => index < module.imports));
  order.forEach((defined, at) => {
    const name = module.names.get(module.imports + defined);
    if (name !== undefined) names.set(module.imports + at, name);
  });
  return withFunctionNames(ordered, names);
}

/** The defined functions' order for compression (as indexes among them): by size in steps of
 * `SIZE_STEPS_PER_DOUBLING` a doubling, then by type, then by their bytes. */
export function compressionOrder({ bodies, types }) {
  const step = bodies.map(sizeStep);
  return bodies.map((_, defined) => defined).sort((a, b) => step[a] - step[b] || types[a] - types[b] || Buffer.compare(bodies[a], bodies[b]));
}

/** `bytes` with a name section that names only functions: `names`, by function index. */
function withFunctionNames(bytes, names) {
  const entries = [...names].sort(([a], [b]) => a - b).flatMap(([index, name]) => [Buffer.from(uleb(index)), nameBytes(name)]);
  const subsection = Buffer.concat([Buffer.from(uleb(names.size)), ...entries]);
  const payload = Buffer.concat([nameBytes("name"), Buffer.from([1, ...uleb(subsection.length)]), subsection]);
  const unnamed = withoutCustomSections(bytes, (name) => name === "name");
  return Buffer.concat([unnamed, Buffer.from([0, ...uleb(payload.length)]), payload]);
}
