// Reading and writing the WebAssembly binary format, as far as the build's scripts need it: the
// sections of a module, and the LEB128 numbers and names they are made of. Used by the split of
// the page's wasm (scripts/split-wasm.mjs), the renaming of its imports
// (scripts/short-imports.mjs), the ordering of its functions (scripts/order-functions.mjs) and
// the benchmark's report (e2e/bench.mjs, its code by crate); and the tools that rewrite it.
import { fileURLToPath } from "node:url";

/** The wasm features Rust emits by default, as index.html passes them to wasm-opt, and as
 * Binaryen's tools take them. */
export const WASM_FEATURES = [
  "--enable-bulk-memory",
  "--enable-nontrapping-float-to-int",
  "--enable-sign-ext",
  "--enable-mutable-globals",
  "--enable-reference-types",
  "--enable-multivalue",
];

/** npm's Binaryen (package.json): the wasm-opt Trunk runs, which the build's steps run again. */
export const WASM_OPT = process.env.WASM_OPT ?? fileURLToPath(new URL("../node_modules/.bin/wasm-opt", import.meta.url));

/** The module's sections, each with its id, where it starts, where its body starts and its end. */
export function sections(bytes) {
  const found = [];
  for (let at = 8; at < bytes.length; ) {
    const [size, body] = leb(bytes, at + 1);
    found.push({ id: bytes[at], start: at, body, end: body + size });
    at = body + size;
  }
  return found;
}

/** The unsigned LEB128 number at `at`, and where it ends. */
export function leb(bytes, at) {
  const { value, end } = lebBits(bytes, at);
  return [value >>> 0, end];
}

/** The signed LEB128 number at `at` (32 bits at most), and where it ends. */
export function sleb(bytes, at) {
  const { value, shift, last, end } = lebBits(bytes, at);
  const negative = shift < 32 && last & 0x40;
  return [negative ? value | (-1 << shift) : value | 0, end];
}

/** The low 32 bits of the LEB128 bytes at `at`, how many bits they held, their last byte and
 * where they end. */
function lebBits(bytes, at) {
  let value = 0;
  let shift = 0;
  let last;
  do {
    last = bytes[at++];
    value |= (last & 0x7f) << shift;
    shift += 7;
  } while (last & 0x80);
  return { value, shift, last, end: at };
}

/** `value` as unsigned LEB128 bytes. */
export function uleb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return out;
}

/** A custom section's name; null for any other section. */
export function customName(bytes, section) {
  return section.id === 0 ? string(bytes, section.body)[0] : null;
}

/** The active data segments of a module: address, bytes, and where the bytes are in `bytes`. */
export function dataSegments(bytes) {
  const data = sections(bytes).find((s) => s.id === 11);
  if (!data) return [];
  let [count, at] = leb(bytes, data.body);
  const found = [];
  for (let i = 0; i < count; i++) {
    const [flags, constAt] = leb(bytes, at);
    if (flags !== 0 || bytes[constAt] !== 0x41) throw new Error(`data segment ${i} is not an active segment at a constant address`);
    const [address, endAt] = sleb(bytes, constAt + 1);
    const [size, start] = leb(bytes, endAt + 1);
    found.push({ address, start, bytes: bytes.subarray(start, start + size) });
    at = start + size;
  }
  return found;
}

/** `bytes` without the custom sections whose names `unwanted` holds true for. */
export function withoutCustomSections(bytes, unwanted) {
  const kept = [bytes.subarray(0, 8)];
  for (const section of sections(bytes)) {
    const name = customName(bytes, section);
    if (name === null || !unwanted(name)) kept.push(bytes.subarray(section.start, section.end));
  }
  return Buffer.concat(kept);
}

/** The name (a length, then UTF-8) at `at`, and where it ends. */
export function string(bytes, at) {
  const [length, start] = leb(bytes, at);
  return [Buffer.from(bytes.subarray(start, start + length)).toString(), start + length];
}

/** Where the description of an import (its kind, then its type) that starts at `at` ends. */
export function importDescriptionEnd(bytes, at) {
  const kind = bytes[at];
  // A table's or a memory's limits: flags, the minimum, and the maximum when flag 1 says so.
  const limits = (from) => {
    const flags = bytes[from];
    const [, afterMin] = leb(bytes, from + 1);
    return flags & 1 ? leb(bytes, afterMin)[1] : afterMin;
  };
  switch (kind) {
    case 0: // a function: its type's index
      return leb(bytes, at + 1)[1];
    case 1: // a table: its element type, then limits
      return limits(at + 2);
    case 2: // a memory: limits
      return limits(at + 1);
    case 3: // a global: its value type and mutability
      return at + 3;
    default:
      throw new Error(`an import of kind ${kind}, which wasm-binary.mjs does not read`);
  }
}

/** The functions the module defines, in order, each with its name (from the name section;
 * empty without one) and the size of its body. */
export function functionSizes(bytes) {
  const { imports, bodies, names } = moduleFunctions(bytes);
  return bodies.map((body, k) => ({ name: names.get(imports + k) ?? "", size: body.length }));
}

/** A module's functions: how many it imports, and of those it defines, their bodies and their
 * types' indexes, in order; and the functions' names by index (imports first; empty without a
 * name section). */
export function moduleFunctions(bytes) {
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
      // Its subsections; the first (1) names the functions, by index (imports first).
      for (let at = string(bytes, section.body)[1]; at < section.end; ) {
        const [size, body] = leb(bytes, at + 1);
        if (bytes[at] === 1) {
          let [count, entry] = leb(bytes, body);
          for (let k = 0; k < count; k++) {
            const [index, nameAt] = leb(bytes, entry);
            const [name, next] = string(bytes, nameAt);
            names.set(index, name);
            entry = next;
          }
        }
        at = body + size;
      }
    }
  }
  return { imports, bodies, types, names };
}

/** `text` as a name: its length in UTF-8, then its UTF-8 bytes (what `string` reads). */
export function nameBytes(text) {
  const utf8 = Buffer.from(text);
  return Buffer.concat([Buffer.from(uleb(utf8.length)), utf8]);
}

/** `bytes` with `section` (one of `sections(bytes)`) holding `body` instead of its own. */
export function withSectionBody(bytes, section, body) {
  const header = Buffer.from([bytes[section.start], ...uleb(body.length)]);
  return Buffer.concat([bytes.subarray(0, section.start), header, body, bytes.subarray(section.end)]);
}

/** `value` (a 32-bit integer) as signed LEB128 bytes. */
export function slebBytes(value) {
  const out = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && !(byte & 0x40)) || (value === -1 && byte & 0x40);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}
