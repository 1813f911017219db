// The split's last step (scripts/split-wasm.mjs): moves the page's constant data that only the
// deferred code can read out of the first part, into the deferred part.
//
// `wasm-split` splits functions, not data: all of the page's statics stayed in the first part,
// though in November 2026 the deferred code alone read over a third of them (by gzip size):
// the texts and tables of panels the start does not build, exports, the float formatter's
// tables. This step gives the bytes of those statics to the deferred part, as active data
// segments: the browser writes them into the memory both parts share when it instantiates the
// deferred part, before any of its code runs, so before anything can read them.
//
// Which statics the first part can reach comes from the linker's own account of them: a release
// build links the page with `--emit-relocs` (build.rs), so Cargo's `overhead.wasm` keeps its
// symbol table (each static's address and size) and its relocations (each address the code and
// data were given, as a static plus an offset). A static stays in the first part when
//  - the first part's code holds, as a constant (`i32.const`, a load's or store's offset, either
//    half of an `i64.const`), an address within it, at its end, in the padding next to it, or
//    one a relocation gave for it from outside it (a table indexed from below its start);
//  - or a static that stays holds such an address among its aligned words.
// A number that merely looks like an address keeps what it points at: the first part keeps more
// than it reads, never less. Only read-only statics (`.rodata`) move.
//
// Two exceptions: an address the first part only hands to the deferred part's code, and a
// panic's location.
//  - A constant passed in a call to a function of the deferred part (through its stub) is not
//    counted: the stub loads the deferred part, and with it its data, before the call goes on,
//    so whatever reads the static reads it once it is there. The texts of the panics that the
//    start's code could raise, say.
//  - A panic's location (`core::panic::Location`: a source file's path, a line and a column),
//    which the code that can panic names as a constant, moves unless a static that stays
//    points at it. The first part hands such an address on to the code that panics and never
//    reads it: only the panic's own code (its hook, its message) reads a location, and no start
//    runs it, so it is deferred code. Read any sooner, a moved location is zeros, a valid empty
//    path at line 0, which could only blur a panic's message; this build's panic hook writes to
//    a standard error that goes nowhere anyway.
// In November 2026 the two took 4.2 KB out of the first load's gzip (either alone, 2.9 KB: most
// locations are handed to the deferred part's code too).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { customName, dataSegments, leb, sections, sleb, slebBytes, string, uleb, withoutCustomSections } from "./wasm-binary.mjs";

// npm's Binaryen (package.json), to read the first part's code as text.
const WASM_DIS = process.env.WASM_DIS ?? fileURLToPath(new URL("../node_modules/.bin/wasm-dis", import.meta.url));
// Moved bytes closer than this go in one segment, with the kept read-only bytes between them:
// writing a static's own bytes over it again changes nothing, and each segment has a header.
const JOIN_GAP = 16;
// The size of `core::panic::Location` on wasm32.
const LOCATION_SIZE = 16;
// Relocation types whose value is an address in memory (a static's address plus an addend).
const MEMORY_ADDRESS = new Set([3, 4, 5, 11, 14, 15, 16, 17, 23]);
const WITH_ADDEND = new Set([3, 4, 5, 8, 9, 11, 14, 15, 16, 17, 21, 22, 23, 25]);
const SYMBOL_TABLE = 8;
const SEGMENT_INFO = 5;
const UNDEFINED = 0x10;
const EXPLICIT_NAME = 0x40;

/** `bytes` without the linker's symbol table and relocations, which `--emit-relocs` leaves in
 * the module and nothing after the split reads. */
export function withoutLinkInfo(bytes) {
  return withoutCustomSections(bytes, (name) => name === "linking" || name.startsWith("reloc."));
}

/** What the linker says of the page's data, from the module Cargo linked (`file`): its segments
 * (name, address, bytes) and its statics (address ranges, each widened to every address a
 * relocation gave for it, overlapping ones merged), or null without a symbol table. */
export function linkedData(file) {
  if (!existsSync(file)) return null;
  const bytes = readFileSync(file);
  const all = sections(bytes);
  const segments = dataSegments(bytes);
  const linking = all.find((s) => customName(bytes, s) === "linking");
  if (!linking || segments.length === 0) return null;
  const { names, symbols } = symbolTable(bytes, string(bytes, linking.body)[1], linking.end, segments);
  segments.forEach((segment, i) => (segment.name = names[i]));
  const relocations = all.filter((s) => customName(bytes, s)?.startsWith("reloc."));
  for (const section of relocations) widenToRelocations(bytes, string(bytes, section.body)[1], section.end, symbols);
  const memory = new Memory(segments);
  const locations = new Set(symbols.filter((s) => s && isPanicLocation(memory, s)).map((s) => s.start));
  const statics = merged(symbols.filter(Boolean));
  for (const s of statics) s.panicLocation = locations.has(s.start) && s.end - s.start === LOCATION_SIZE;
  return { segments, statics };
}

/** Whether `range` holds a panic's location: on wasm32, a `&str` (address, length) of a Rust
 * source file's path, then a line (from 1) and a column. */
function isPanicLocation(memory, { start, end }) {
  if (end - start !== LOCATION_SIZE) return false;
  const [path, length, line] = [0, 4, 8].map((offset) => memory.word(start + offset));
  if (line === 0 || length < ".rs".length || !memory.holds(path) || !memory.holds(path + length)) return false;
  return memory.slice({ start: path, end: path + length }).toString("latin1").endsWith(".rs");
}

/** The linking section's segment names, and its defined statics as `{ start, end }` (by
 * symbol index; null for other symbols). */
function symbolTable(bytes, at, end, segments) {
  const [version, first] = leb(bytes, at);
  if (version !== 2) throw new Error(`split data: linking section version ${version}`);
  const names = [];
  const symbols = [];
  for (at = first; at < end; ) {
    const type = bytes[at];
    const [size, body] = leb(bytes, at + 1);
    let [count, entry] = leb(bytes, body);
    for (let i = 0; i < count && type === SEGMENT_INFO; i++) {
      const [name, next] = string(bytes, entry);
      names.push(name);
      entry = leb(bytes, leb(bytes, next)[1])[1]; // alignment, flags
    }
    for (let i = 0; i < count && type === SYMBOL_TABLE; i++) {
      const kind = bytes[entry];
      const [flags, next] = leb(bytes, entry + 1);
      entry = next;
      if (kind === 1) {
        entry = string(bytes, entry)[1];
        if (flags & UNDEFINED) {
          symbols.push(null);
          continue;
        }
        const [segment, offsetAt] = leb(bytes, entry);
        const [offset, sizeAt] = leb(bytes, offsetAt);
        const [length, after] = leb(bytes, sizeAt);
        entry = after;
        // An absolute symbol's segment index is meaningless: it names no static.
        const base = segments[segment]?.address;
        symbols.push(base === undefined ? null : { start: base + offset, end: base + offset + length });
      } else {
        entry = leb(bytes, entry)[1]; // an index: of a function, global, tag, table or section
        if (kind !== 3 && (!(flags & UNDEFINED) || flags & EXPLICIT_NAME)) entry = string(bytes, entry)[1];
        symbols.push(null);
      }
    }
    at = body + size;
  }
  return { names, symbols };
}

/** Widens each static to the addresses its relocations gave outside it. */
function widenToRelocations(bytes, at, end, symbols) {
  let [count, entry] = leb(bytes, leb(bytes, at)[1]);
  for (let i = 0; i < count && entry < end; i++) {
    const type = bytes[entry];
    const [, indexAt] = leb(bytes, entry + 1);
    const [index, next] = leb(bytes, indexAt);
    let addend = 0;
    [addend, entry] = WITH_ADDEND.has(type) ? sleb(bytes, next) : [0, next];
    const symbol = MEMORY_ADDRESS.has(type) ? symbols[index] : null;
    if (!symbol) continue;
    const address = symbol.start + addend;
    symbol.start = Math.min(symbol.start, address);
    symbol.end = Math.max(symbol.end, address + 1);
  }
}

/** The ranges sorted, those that overlap merged into one. */
function merged(ranges) {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const out = [];
  for (const { start, end } of sorted) {
    const last = out.at(-1);
    if (last && start < last.end) last.end = Math.max(last.end, end);
    else out.push({ start, end });
  }
  return out;
}

/** Moves the read-only statics the first part (`primaryFile`) cannot reach into the deferred
 * part (`deferredFile`), as `linked` (`linkedData`) describes them. Returns what moved, or a
 * reason it did not. */
export function moveDeferredData(primaryFile, deferredFile, linked) {
  const primary = readFileSync(primaryFile);
  const segments = dataSegments(primary);
  const memory = new Memory(linked.segments);
  if (!memory.equals(new Memory(segments))) return { moved: null, reason: "its data is not the linked module's" };
  const readOnly = linked.segments.find((s) => s.name === ".rodata");
  const primarySegment = segments.find((s) => s.address === readOnly?.address && s.bytes.length === readOnly.bytes.length);
  if (!primarySegment) return { moved: null, reason: "its read-only data is not one segment, as the linked module's is" };
  const kept = reachable(linked.statics, addressConstants(primaryFile, memory), memory);
  const readOnlyEnd = readOnly.address + readOnly.bytes.length;
  const moving = linked.statics.filter((s, i) => !kept.has(i) && s.start >= readOnly.address && s.end <= readOnlyEnd && memory.any(s));
  const inFile = (address) => primarySegment.start + address - readOnly.address;
  for (const { start, end } of moving) primary.fill(0, inFile(start), inFile(end));
  const runs = joined(moving);
  const deferred = withData(readFileSync(deferredFile), runs.map((run) => ({ address: run.start, bytes: memory.slice(run) })));
  for (const [file, bytes] of [[primaryFile, primary], [deferredFile, deferred]]) {
    if (!WebAssembly.validate(bytes)) throw new Error(`split data: ${file} is not valid`);
    writeFileSync(file, bytes);
  }
  const movedBytes = moving.reduce((sum, s) => sum + s.end - s.start, 0);
  return { moved: { statics: moving.length, bytes: movedBytes, segments: runs.length } };
}

/** The data as memory holds it at the start: its segments' bytes at their addresses. */
class Memory {
  constructor(segments) {
    this.start = Math.min(...segments.map((s) => s.address));
    this.end = Math.max(...segments.map((s) => s.address + s.bytes.length));
    this.bytes = Buffer.alloc(this.end - this.start);
    for (const s of segments) s.bytes.copy(this.bytes, s.address - this.start);
  }
  /** Whether both hold the same bytes at the same addresses (zeros where a segment is not). */
  equals(other) {
    const start = Math.min(this.start, other.start);
    const end = Math.max(this.end, other.end);
    for (let at = start; at < end; at++) if (this.at(at) !== other.at(at)) return false;
    return true;
  }
  at(address) {
    return address >= this.start && address < this.end ? this.bytes[address - this.start] : 0;
  }
  /** The little-endian word at `address` (zeros outside the data). */
  word(address) {
    return [0, 1, 2, 3].reduce((word, i) => word + this.at(address + i) * 2 ** (8 * i), 0);
  }
  holds(address) {
    return address >= this.start && address <= this.end;
  }
  slice({ start, end }) {
    return this.bytes.subarray(start - this.start, end - this.start);
  }
  any(range) {
    return this.slice(range).some((byte) => byte !== 0);
  }
  /** The addresses among the aligned words of `range`. */
  *addresses({ start, end }) {
    for (let at = Math.max(start & ~3, this.start); at + 4 <= Math.min(end, this.end); at += 4) {
      const word = this.bytes.readUInt32LE(at - this.start);
      if (this.holds(word)) yield word;
    }
  }
}

/** The numbers in the first part's code and tables that fall in the data: every `i32.const`,
 * load or store offset, and either half of an `i64.const`, read from wasm-dis's text (the data
 * segments' lines left out: their bytes are not code), but for a constant passed in a call into
 * the deferred part (`callsIntoDeferred`). */
function addressConstants(file, memory) {
  const lines = execFileSync(WASM_DIS, [file], { encoding: "utf8", maxBuffer: 1 << 30 }).split("\n");
  const intoDeferred = callsIntoDeferred(lines);
  const found = new Set();
  const add = (value) => memory.holds(value) && found.add(value);
  lines.forEach((line, i) => {
    if (/^\s*\(data\b/.test(line) || (ARGUMENT.test(line) && intoDeferred(i))) return;
    for (const [, digits] of line.matchAll(/(?:i32\.const |offset=)(-?\d+)/g)) add(Number(digits) >>> 0);
    for (const [, digits] of line.matchAll(/i64\.const (-?\d+)/g)) {
      const value = BigInt.asUintN(64, BigInt(digits));
      add(Number(value & 0xffffffffn));
      add(Number(value >> 32n));
    }
  });
  return found;
}

/** A test of whether line `i` of the first part's text is an argument of a call into the
 * deferred part: a call to a dispatcher (scripts/split-stubs.mjs) through a constant slot that
 * holds a stub, which is what wasm-split makes of a call to a function it moved. The stub loads
 * the deferred part, and with it its data, before the call goes on: whatever the called code
 * does with an address passed so, it reads what is there once the deferred part is in. */
export function callsIntoDeferred(lines) {
  const split = splitShape(lines);
  if (!split) return () => false;
  return (i) => {
    const depth = indent(lines[i]);
    let call = i - 1;
    while (call >= 0 && indent(lines[call]) >= depth) call--;
    if (!split.dispatchers.has(lines[call]?.match(/^\s*\(call (\$\S+)$/)?.[1])) return false;
    let last = i;
    for (let at = call + 1; at < lines.length && indent(lines[at]) >= depth; at++) if (indent(lines[at]) === depth) last = at;
    const slot = lines[last].match(ARGUMENT)?.[1];
    return last !== i && split.stubSlots.has(Number(slot));
  };
}

/** A line that is a constant argument, and its value. */
const ARGUMENT = /^\s*\(i32\.const (-?\d+)\)$/;

function indent(line) {
  return line.search(/\S/);
}

/** The first part's dispatchers, and the slots of the table that hold stubs, found in its text
 * by what they do: a stub calls `deferred.load` after it reads the slot from a global, and a
 * dispatcher sets that global. Null for a module without them (a build left whole). */
function splitShape(lines) {
  const load = lines.map((line) => line.match(/^ \(import "deferred" "load" \(func (\$[^\s)]+)/)?.[1]).find(Boolean);
  const bodies = functionBodies(lines);
  const stubs = [...bodies].filter(([, body]) => body.some((line) => line.trim() === `(call ${load})`));
  const slotGlobal = stubs[0]?.[1].map((line) => line.match(/^\s*\(global\.get (\$\S+)\)$/)?.[1]).find(Boolean);
  const table = stubs[0]?.[1].map((line) => line.match(/^\s*\(call_indirect (\$\S+)/)?.[1]).find(Boolean);
  if (!load || !slotGlobal || !table) return null;
  const stubNames = new Set(stubs.map(([name]) => name));
  const dispatchers = new Set([...bodies].filter(([, body]) => body.some((line) => line.trim() === `(global.set ${slotGlobal}`)).map(([name]) => name));
  const stubSlots = new Set();
  for (const line of lines) {
    const elem = line.match(/^ \(elem \S+ \(table (\$\S+)\) \(i32\.const (\d+)\) func (.*)\)$/);
    if (elem?.[1] !== table) continue;
    elem[3].split(" ").forEach((name, k) => stubNames.has(name) && stubSlots.add(Number(elem[2]) + k));
  }
  return { dispatchers, stubSlots };
}

/** Each function of the text, by name: the lines of its body. */
function functionBodies(lines) {
  const bodies = new Map();
  let body = null;
  for (const line of lines) {
    const start = line.match(/^ \(func (\$\S+)/);
    if (start) bodies.set(start[1], (body = []));
    else if (body && line.startsWith("  ")) body.push(line);
    else body = null;
  }
  return bodies;
}

/** The indices of the statics reachable from the code's `addresses`: those the addresses fall
 * in, at the end of, or next to (in the padding before the next one), panics' locations left
 * out, then those the reached statics' words point into, until none is added. */
function reachable(statics, addresses, memory) {
  const starts = statics.map((s) => s.start);
  const kept = new Set();
  let pending = [];
  const reach = (address) => {
    const i = lastAtOrBefore(starts, address);
    if (i >= 0) pending.push(i);
    if (i + 1 < statics.length && (i < 0 || address >= statics[i].end)) pending.push(i + 1);
  };
  for (const address of addresses) reach(address);
  pending = pending.filter((i) => !statics[i].panicLocation);
  while (pending.length > 0) {
    const i = pending.pop();
    if (kept.has(i)) continue;
    kept.add(i);
    for (const address of memory.addresses(statics[i])) reach(address);
  }
  return kept;
}

/** The index of the last of the sorted `starts` at or before `value`, -1 if none is. */
function lastAtOrBefore(starts, value) {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (starts[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/** The ranges, those less than `JOIN_GAP` apart joined. */
function joined(ranges) {
  const out = [];
  for (const { start, end } of ranges) {
    const last = out.at(-1);
    if (last && start - last.end < JOIN_GAP) last.end = end;
    else out.push({ start, end });
  }
  return out;
}

/** `module` (the deferred part, which has no data of its own) with `segments` as its active
 * data segments, in a data section after its code. */
function withData(module, segments) {
  const all = sections(module);
  if (all.some((s) => s.id === 11 || s.id === 12)) throw new Error("split data: the deferred part already has data");
  const code = all.find((s) => s.id === 10);
  const entries = segments.flatMap(({ address, bytes }) => [0, 0x41, ...slebBytes(address), 0x0b, ...uleb(bytes.length), ...bytes]);
  const body = [...uleb(segments.length), ...entries];
  const section = Buffer.from([11, ...uleb(body.length), ...body]);
  return Buffer.concat([module.subarray(0, code.end), section, module.subarray(code.end)]);
}
