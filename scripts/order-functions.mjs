// Post-build (scripts/post-build.mjs), after the split, for release builds: orders the functions
// of each of the site's wasm files so that gzip and brotli find more of each function in the ones
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
// table entry and name): the step names each function by its rank, and afterwards drops the names,
// or puts the old ones back in a build that keeps its names (for a size breakdown or a
// profile). wasm-opt writes the module as its -Oz does (stack IR optimized): nothing else changes.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { updateIntegrity } from "./integrity.mjs";
import { WASM_FEATURES, WASM_OPT, customName, importDescriptionEnd, leb, nameBytes, sections, string, uleb, withoutCustomSections } from "./wasm-binary.mjs";

// Steps of a function's size that count as one size: a quarter of a power of two.
const SIZE_STEPS_PER_DOUBLING = 4;

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run this as a Trunk hook");
// A debug build's wasm is tens of megabytes, and nobody serves it to users.
if (process.env.TRUNK_PROFILE === "release") {
  if (!existsSync(WASM_OPT)) {
    console.log(`order functions: no ${WASM_OPT}, the functions stay in wasm-opt's order`);
  } else {
    const work = mkdtempSync(join(tmpdir(), "overhead-order-"));
    try {
      const files = readdirSync(dir).filter((name) => name.endsWith(".wasm"));
      const changes = files.map((name) => {
        const before = readFileSync(join(dir, name));
        const after = withFunctionsOrdered(before, work);
        writeFileSync(join(dir, name), after);
        return [before, after];
      });
      updateIntegrity(dir, changes);
      console.log(`order functions: ${files.length} wasm files ordered for compression`);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
}

/** `wasm` with its functions ordered for compression (`compressionOrder`), its names kept if it
 * has any. */
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
function compressionOrder({ bodies, types }) {
  const step = bodies.map((body) => Math.floor(Math.log2(body.length) * SIZE_STEPS_PER_DOUBLING));
  return bodies.map((_, defined) => defined).sort((a, b) => step[a] - step[b] || types[a] - types[b] || Buffer.compare(bodies[a], bodies[b]));
}

/** A module's functions: how many it imports, and of those it defines, their bodies, their
 * types' indexes, and their names by function index (imports first; empty without a name
 * section). */
function moduleFunctions(bytes) {
  let imports = 0;
  const bodies = [];
  const types = [];
  const names = new Map();
  for (const section of sections(bytes)) {
    if (section.id === 2) {
      let [count, at] = leb(bytes, section.body);
      for (let k = 0; k < count; k++) {
        const [, nameAt] = string(bytes, at);
        const [, descriptionAt] = string(bytes, nameAt);
        if (bytes[descriptionAt] === 0) imports++;
        at = importDescriptionEnd(bytes, descriptionAt);
      }
    } else if (section.id === 3) {
      let [count, at] = leb(bytes, section.body);
      for (let k = 0; k < count; k++) {
        const [type, next] = leb(bytes, at);
        types.push(type);
        at = next;
      }
    } else if (section.id === 10) {
      let [count, at] = leb(bytes, section.body);
      for (let k = 0; k < count; k++) {
        const [size, body] = leb(bytes, at);
        bodies.push(bytes.subarray(body, body + size));
        at = body + size;
      }
    } else if (customName(bytes, section) === "name") {
      for (const [index, name] of functionNames(bytes, section)) names.set(index, name);
    }
  }
  return { imports, bodies, types, names };
}

/** The function names of a name section (its subsection 1), as [index, name] pairs. */
function* functionNames(bytes, section) {
  for (let at = string(bytes, section.body)[1]; at < section.end; ) {
    const [size, body] = leb(bytes, at + 1);
    if (bytes[at] === 1) {
      let [count, entry] = leb(bytes, body);
      for (let k = 0; k < count; k++) {
        const [index, nameAt] = leb(bytes, entry);
        const [name, next] = string(bytes, nameAt);
        yield [index, name];
        entry = next;
      }
    }
    at = body + size;
  }
}

/** `bytes` with a name section that names only functions: `names`, by function index. */
function withFunctionNames(bytes, names) {
  const entries = [...names].sort(([a], [b]) => a - b).flatMap(([index, name]) => [Buffer.from(uleb(index)), nameBytes(name)]);
  const subsection = Buffer.concat([Buffer.from(uleb(names.size)), ...entries]);
  const payload = Buffer.concat([nameBytes("name"), Buffer.from([1, ...uleb(subsection.length)]), subsection]);
  const unnamed = withoutCustomSections(bytes, (name) => name === "name");
  return Buffer.concat([unnamed, Buffer.from([0, ...uleb(payload.length)]), payload]);
}
