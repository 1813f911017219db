// The split first load (issue 10, scripts/split-wasm.mjs): the page's wasm carries the code the
// start runs; the rest, `overhead-<hash>_deferred.wasm`, is fetched and compiled after the first
// paint, or at once if something needs it sooner. And what else keeps the first load small: no
// standard float parser in the page's wasm, minified glue.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { spawn, spawnSync } from "node:child_process";
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setUp, DIST, CHROMIUM_ARGS } from "./harness.mjs";
import { GLUE_MODULE, withShortImports } from "../../scripts/short-imports.mjs";
import { splitSheet } from "../../scripts/split-style.mjs";
import { callsIntoDeferred } from "../../scripts/split-data.mjs";
import { customName, dataSegments, functionSizes, moduleFunctions, sections } from "../../scripts/wasm-binary.mjs";
import { sizeStep, withFunctionsOrdered } from "../../scripts/function-order.mjs";

const app = await setUp();
after(() => app.close());

// 1,000 components and 5,000 edges, made against catalog 1: its start waits for the deferred
// part, which holds the older catalogs, before it reads the document.
const BIG_LINK = new URL("../fixtures/dense-1000-components-5000-edges.link", import.meta.url);
// The same size, made against the newest catalog (`big_link -- 1000 5000`): its start runs
// without the deferred part.
const CURRENT_BIG_LINK = new URL("../fixtures/catalog-2-1000-components-5000-edges.link", import.meta.url);
// A link the build's profile never opened: 9,900 components, drawn as an overview by kind.
const HUGE_LINK = new URL("../fixtures/dense-9900-components-39900-edges.link", import.meta.url);
// A small document with a kind of its own (`[[kinds]]`), which the first part cannot check.
const DEFINED_KIND_LINK = new URL("../fixtures/defined-kind.link", import.meta.url);

/** The start's marks, in the page's clock: main, interactive, and the deferred part's. */
async function marks(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      ["overhead-interactive", "overhead-deferred-loaded", "overhead-deferred-on-demand"].map((name) => [
        name.replace("overhead-", ""),
        performance.getEntriesByName(name)[0]?.startTime,
      ]),
    ),
  );
}

test("the build splits the page's wasm: the part the start runs, and a deferred part", async () => {
  const files = await readdir(DIST);
  const main = files.find((f) => /^overhead-[0-9a-f]+_bg\.wasm$/.test(f));
  const deferred = files.find((f) => /^overhead-[0-9a-f]+_deferred\.wasm$/.test(f));
  assert.ok(main && deferred, files.join(" "));
  assert.equal(deferred, main.replace("_bg.wasm", "_deferred.wasm"), "one build's two parts");
  // The deferred part is not a token: it holds a good share of the code.
  assert.ok((await stat(join(DIST, deferred))).size > 100_000);
  const sw = await readFile(join(DIST, "sw.js"), "utf8");
  assert.ok(sw.includes(`"./${deferred}"`), "the service worker keeps it for offline use");
});

test("the deferred part calls the first part through a table, so the first part exports only what the glue calls", async () => {
  const files = await readdir(DIST);
  const module = async (pattern) => new WebAssembly.Module(await readFile(join(DIST, files.find((f) => pattern.test(f)))));
  const first = await module(/^overhead-[0-9a-f]+_bg\.wasm$/);
  const deferred = await module(/^overhead-[0-9a-f]+_deferred\.wasm$/);
  const imported = WebAssembly.Module.imports(deferred);
  assert.deepEqual(imported.filter((i) => i.kind === "function"), [], "the deferred part imports no function");
  assert.ok(imported.some((i) => i.kind === "table" && i.name === "overhead_deferred_calls"), JSON.stringify(imported));
  // wasm-split exports every function of the first part that the deferred part calls (1,186 in
  // November 2026), and the browser makes a JS function of each export as it instantiates the
  // first part, before the start. The glue's own are about 40.
  const exportedFunctions = WebAssembly.Module.exports(first).filter((e) => e.kind === "function");
  assert.ok(exportedFunctions.length < 100, `${exportedFunctions.length} functions exported`);
});

test("the first part imports one function to load the deferred part, not a placeholder for each of its functions", async () => {
  const files = await readdir(DIST);
  const first = new WebAssembly.Module(await readFile(join(DIST, files.find((f) => /^overhead-[0-9a-f]+_bg\.wasm$/.test(f)))));
  const imported = WebAssembly.Module.imports(first).filter((i) => i.kind === "function");
  assert.deepEqual(
    imported.filter((i) => i.module !== GLUE_MODULE),
    [{ module: "deferred", name: "load", kind: "function" }],
  );
  // wasm-bindgen's own are about 230; wasm-split's placeholders were 2,277 more in November 2026.
  assert.ok(imported.length < 400, `${imported.length} functions imported`);
});

test("a stub stands in for a function of the deferred part until it is in, however the first part calls it", async () => {
  const { default: binaryen } = await import("binaryen");
  const { stubsForPlaceholders } = await import("../../scripts/split-stubs.mjs");
  // A first part as wasm-split leaves it: slot 1 of its table holds a placeholder for a
  // function of the deferred part. `twice` calls a slot with what a call of it returned;
  // `slotZero` and `slotOne` call a slot named in the code, as wasm-split has a direct call do.
  const first = binaryen.parseText(`(module
    (type $unary (func (param i32) (result i32)))
    (import "placeholder" "1" (func $placeholder (type $unary)))
    (table $functions 2 2 funcref)
    (elem (table $functions) (i32.const 0) func $plusOne $placeholder)
    (func $plusOne (type $unary) (i32.add (local.get 0) (i32.const 1)))
    (func (export "twice") (param $slot i32) (param $x i32) (result i32)
      (call_indirect $functions (type $unary)
        (call_indirect $functions (type $unary) (local.get $x) (local.get $slot))
        (local.get $slot)))
    (func (export "slotZero") (param $x i32) (result i32)
      (call_indirect $functions (type $unary) (local.get $x) (i32.const 0)))
    (func (export "slotOne") (param $x i32) (result i32)
      (call_indirect $functions (type $unary) (local.get $x) (i32.const 1)))
    (export "table" (table $functions)))`);
  // The deferred part puts its function in that slot as it is instantiated.
  const deferred = binaryen.parseText(`(module
    (import "primary" "table" (table $functions 2 2 funcref))
    (elem (table $functions) (i32.const 1) func $timesTen)
    (func $timesTen (param i32) (result i32) (i32.mul (local.get 0) (i32.const 10))))`);
  try {
    first.setFeatures(binaryen.Features.ReferenceTypes | binaryen.Features.BulkMemory);
    // `slotZero` needs no dispatcher: its slot holds no stub.
    assert.deepEqual(stubsForPlaceholders(binaryen, first), { stubbed: 1, routed: 3 });
    assert.ok(first.validate());
    const firstModule = new WebAssembly.Module(first.emitBinary());
    assert.deepEqual(WebAssembly.Module.imports(firstModule), [{ module: "deferred", name: "load", kind: "function" }]);
    const deferredModule = new WebAssembly.Module(deferred.emitBinary());
    const started = () => {
      const page = { loads: 0 };
      const load = () => {
        page.loads += 1;
        new WebAssembly.Instance(deferredModule, { primary: { table: page.exports.table } });
      };
      page.exports = new WebAssembly.Instance(firstModule, { deferred: { load } }).exports;
      return page;
    };

    const nested = started();
    assert.equal(nested.exports.twice(0, 5), 7, "the first part's own function");
    assert.equal(nested.loads, 0, "nothing loaded for it");
    assert.equal(nested.exports.twice(1, 5), 500, "the deferred part's, through the stub, then in its slot");
    assert.equal(nested.loads, 1);
    assert.equal(nested.exports.twice(1, 7), 700);
    assert.equal(nested.loads, 1, "loaded once");

    const named = started();
    assert.equal(named.exports.slotZero(5), 6);
    assert.equal(named.loads, 0);
    assert.equal(named.exports.slotOne(5), 50);
    assert.equal(named.loads, 1);
  } finally {
    first.dispose();
    deferred.dispose();
  }
});

test("the page's wasm imports wasm-bindgen's functions by short names, which the glue gives (scripts/short-imports.mjs)", async () => {
  const files = await readdir(DIST);
  const first = new WebAssembly.Module(await readFile(join(DIST, files.find((f) => /^overhead-[0-9a-f]+_bg\.wasm$/.test(f)))));
  const names = WebAssembly.Module.imports(first)
    .filter((i) => i.module === GLUE_MODULE)
    .map((i) => i.name);
  assert.ok(names.length > 100, `${names.length} imports from the glue`);
  assert.deepEqual(names.filter((name) => !/^[a-zA-Z]{1,2}$/.test(name)), []);
  const glue = await readFile(join(DIST, files.find((f) => /^overhead-[0-9a-f]+\.js$/.test(f))), "utf8");
  assert.doesNotMatch(glue, /__wbg_\w+_[0-9a-f]{16}[:(]/, "no key of wasm-bindgen's left in the glue");
});

test("short import names: each import of the glue's module renamed in both files, or the build fails", async () => {
  const { default: binaryen } = await import("binaryen");
  const module = binaryen.parseText(`(module
    (import "${GLUE_MODULE}" "__wbg_alert_0123456789abcdef" (func $alert (param i32)))
    (import "${GLUE_MODULE}" "__wbindgen_throw" (func $throw (param i32)))
    (import "elsewhere" "__wbg_alert_0123456789abcdef" (func $other (param i32)))
    (func (export "run") (call $alert (i32.const 1)) (call $throw (i32.const 2)) (call $other (i32.const 3))))`);
  const wasm = Buffer.from(module.emitBinary());
  module.dispose();
  const glue = "const e={__proto__:null,__wbg_alert_0123456789abcdef:function(n){calls.push(['alert',n])},__wbindgen_throw(n){calls.push(['throw',n])}};";
  const short = withShortImports(wasm, glue);
  assert.equal(short.count, 2);
  assert.equal(short.glue, "const e={__proto__:null,a:function(n){calls.push(['alert',n])},b(n){calls.push(['throw',n])}};");
  const calls = [];
  const imports = new Function("calls", `${short.glue} return e;`)(calls);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(short.wasm), {
    [GLUE_MODULE]: imports,
    elsewhere: { __wbg_alert_0123456789abcdef: (n) => calls.push(["other", n]) },
  });
  instance.exports.run();
  assert.deepEqual(calls, [["alert", 1], ["throw", 2], ["other", 3]]);
  // A name the glue also uses elsewhere than as its key: renaming it could break the glue.
  assert.throws(() => withShortImports(wasm, `${glue} e.__wbindgen_throw(0);`), /short imports: the glue names __wbindgen_throw 2 times, not once as a key/);
});

test("each wasm file of the build has its functions in order of size, for compression (scripts/order-functions.mjs)", async () => {
  const files = (await readdir(DIST)).filter((name) => name.endsWith(".wasm"));
  assert.equal(files.length, 5, files.join(" "));
  for (const name of files) {
    const { bodies } = moduleFunctions(await readFile(join(DIST, name)));
    const step = bodies.map(sizeStep);
    // Once they are moved, wasm-opt writes a function a byte longer or shorter now and then: up
    // to 2.4% of the neighbours were out of step in November 2026. In wasm-opt's own order (by
    // calls), 25 to 33% were.
    const outOfStep = step.filter((at, i) => i > 0 && at < step[i - 1]).length;
    assert.ok(outOfStep < bodies.length / 10, `${name}: ${outOfStep} of ${bodies.length} functions out of step`);
  }
});

test("ordering a module's functions keeps what it computes and the names it has (scripts/function-order.mjs)", async () => {
  const { default: binaryen } = await import("binaryen");
  // Functions of several sizes that call each other, directly and through a table, in an order
  // that is not by size.
  const module = binaryen.parseText(`(module
    (type $unary (func (param i32) (result i32)))
    (table 2 funcref)
    (elem (i32.const 0) $double $square)
    (func $long (export "long") (param $x i32) (result i32)
      (i32.add (i32.add (i32.mul (local.get $x) (i32.const 3)) (call $double (local.get $x)))
        (i32.add (call_indirect (type $unary) (local.get $x) (i32.const 1)) (i32.const 7))))
    (func $double (param $x i32) (result i32) (i32.add (local.get $x) (local.get $x)))
    (func $square (param $x i32) (result i32) (i32.mul (local.get $x) (local.get $x)))
    (func $twice (export "twice") (param $x i32) (result i32)
      (call_indirect (type $unary) (call_indirect (type $unary) (local.get $x) (i32.const 0)) (i32.const 0))))`);
  binaryen.setDebugInfo(true);
  const before = Buffer.from(module.emitBinary());
  binaryen.setDebugInfo(false);
  module.dispose();
  const work = await mkdtemp(join(tmpdir(), "overhead-order-test-"));
  try {
    const after = withFunctionsOrdered(before, work);
    const run = (bytes) => new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
    for (const x of [0, 1, 5, -3]) {
      assert.equal(run(after).long(x), run(before).long(x));
      assert.equal(run(after).twice(x), run(before).twice(x));
    }
    const sizes = functionSizes(after);
    assert.deepEqual(sizes.map((f) => f.size), [...sizes.map((f) => f.size)].sort((a, b) => a - b), "smallest first");
    const named = (functions) => Object.fromEntries(functions.map((f) => [f.name, f.size]));
    assert.deepEqual(named(sizes), named(functionSizes(before)), "each function keeps its name");
    assert.notDeepEqual(sizes.map((f) => f.name), functionSizes(before).map((f) => f.name), "moved");
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test("regression: the report's code by crate names each function after itself, past the module's imports", async () => {
  // e2e/bench.mjs skipped each import's names with \`i += leb()\`, which added a name's length to
  // where its length began: it counted 2 of the page's 227 imports, and gave each function's
  // size to the name of one 225 places further on.
  const { default: binaryen } = await import("binaryen");
  const module = binaryen.parseText(`(module
    (import "${GLUE_MODULE}" "__wbg_alert_0123456789abcdef" (func $alert (param i32)))
    (import "env" "memory" (memory 1 2))
    (import "${GLUE_MODULE}" "__wbindgen_throw" (func $throw (param i32)))
    (table 1 2 externref)
    (func $small (export "small") (call $alert (i32.const 1)))
    (func $big (export "big") (call $throw (i32.add (i32.mul (i32.const 6) (i32.const 7)) (i32.const 8)))))`);
  binaryen.setDebugInfo(true);
  const wasm = Buffer.from(module.emitBinary());
  binaryen.setDebugInfo(false);
  module.dispose();
  const functions = functionSizes(wasm);
  assert.deepEqual(functions.map((f) => f.name), ["small", "big"]);
  assert.ok(functions[1].size > functions[0].size, JSON.stringify(functions));
});

test("the page's wasm reads numbers without the standard library's float parser and its 10 KB table", async () => {
  // The table's first entry, 5^-342 as two little-endian u64 (core's dec2flt POWER_OF_FIVE_128).
  // A `str::parse::<f64>` that the start runs would bring the table back into the first load,
  // and one anywhere else into the deferred part. Numbers read through `overhead_core::decimal`
  // instead.
  const firstEntry = Buffer.alloc(16);
  firstEntry.writeBigUInt64LE(0xeef453d6923bd65an, 0);
  firstEntry.writeBigUInt64LE(0x113faa2906a13b3fn, 8);
  const parts = (await readdir(DIST)).filter((f) => /^overhead-[0-9a-f]+_(bg|deferred)\.wasm$/.test(f));
  assert.equal(parts.length, 2, parts.join(" "));
  for (const part of parts) {
    assert.equal((await readFile(join(DIST, part))).indexOf(firstEntry), -1, `${part} holds the table`);
  }
  // The text worker reads TOML with the standard parser: the same bytes are found there.
  assert.notEqual((await readFile(join(DIST, "text-worker_bg.wasm"))).indexOf(firstEntry), -1);
});

test("the statics only the deferred code reads are in the deferred part, not the first (scripts/split-data.mjs)", async () => {
  const files = await readdir(DIST);
  const read = (pattern) => readFile(join(DIST, files.find((f) => pattern.test(f))));
  const [first, deferred] = await Promise.all([read(/^overhead-[0-9a-f]+_bg\.wasm$/), read(/_deferred\.wasm$/)]);
  // The model text's heading (its panel is built after the first paint), and the table of the
  // standard normal distribution that ranges draw from (its first entry, 0.000477… as an f64).
  const zigguratEntry = Buffer.alloc(8);
  zigguratEntry.writeDoubleLE(0.000477467764586655);
  // The float printer's table (core's Grisu CACHED_POW10, its first two entries as (u64, i16,
  // i16) in 16 bytes): an `f64` written by `Display` or `Debug` as the page starts (an `f64`
  // attribute, say) brings the printer's code and table into the first load.
  const grisuEntries = Buffer.alloc(24);
  grisuEntries.writeBigUInt64LE(0xe61acf033d1a45dfn, 0);
  grisuEntries.writeInt16LE(-1087, 8);
  grisuEntries.writeInt16LE(-308, 10);
  grisuEntries.writeBigUInt64LE(0xab70fe17c79ac6can, 16);
  for (const [what, bytes] of [
    ["the model text's heading", Buffer.from("The model as text (TOML)")],
    ["the normal distribution's table", zigguratEntry],
    ["the float printer's table", grisuEntries],
    // Shown only when asked for, by closures that run as the page starts: what they show is kept
    // out of those closures (src/ui/explain.rs, src/ui/model_notice.rs), else it came with them.
    ["the formulas of \"How is this computed?\"", Buffer.from("Every number follows from the catalog's figures")],
    ["the older-model notice's comparison", Buffer.from("Today's model also asks whether the servers are owned")],
    // Views made apart (deferred_code::view_apart) and work never inlined into the closures that
    // every start runs to find it has nothing to show: the drafts panel, a component's details
    // and its editor, a notice's button, the ranges' lines and their drawing, the tour's step.
    ["the drafts panel", Buffer.from("No drafts yet: change anything")],
    ["a component's details", Buffer.from("Close details")],
    ["the details' editor data", Buffer.from("Pulled in because")],
    ["a notice's button", Buffer.from("Reload to use it")],
    ["the ranges' lines", Buffer.from("No number has a range yet")],
    ["the ranges' drawing", Buffer.from("No ranges: the model does not compute")],
    ["the tour's step", Buffer.from("It needs nothing else in this option")],
    // Only a document made against an older catalog reads it (core's catalog::loaded_older): a
    // name the newest catalog does not use.
    ["the older catalogs", Buffer.from("Trace store (Grafana Tempo)")],
    // Only a document that defines kinds of its own runs it (core's Catalog::with_custom_kinds).
    ["the checks of a document's own kinds", Buffer.from("` defined in the document: ")],
    // The start's code names the locations it could panic at, but only a panic reads them (a
    // memo's, in reactive_graph, say).
    ["the source paths of panics' locations", Buffer.from("/src/computed/arc_memo.rs")],
    // The start's code hands it to the deferred part's code that panics, and reads it not.
    ["a panic's text", Buffer.from("Tried to access a reactive value that has already been disposed.")],
  ]) {
    assert.equal(first.indexOf(bytes), -1, `the first part holds ${what}`);
    assert.notEqual(deferred.indexOf(bytes), -1, `the deferred part holds ${what}`);
  }
  // What the landing page shows stays: its scenario's title.
  assert.notEqual(first.indexOf(Buffer.from("Run the storage cluster on Kubernetes?")), -1);
  assert.equal(deferred.indexOf(Buffer.from("Run the storage cluster on Kubernetes?")), -1);
  // Linking kept the symbol table and relocations for the split to read, and tools wrote
  // sections for tools (the target's features, wasm-split's mark): no custom section ships.
  for (const [name, bytes] of [["first", first], ["deferred", deferred]]) {
    assert.deepEqual(sections(bytes).filter((s) => s.id === 0).map((s) => customName(bytes, s)), [], `the ${name} part's custom sections`);
  }
});

test("split-data: a constant passed in a call into the deferred part is told apart from one the first part may read (scripts/split-data.mjs)", () => {
  // A first part as wasm-dis writes it: a stub (reads the slot, loads the deferred part), a
  // dispatcher (notes the slot), slot 1 holding the stub and slot 2 a function of its own.
  const text = `(module
 (import "deferred" "load" (func $fimport$0))
 (global $global$0 (mut i32) (i32.const 0))
 (table $0 3 3 funcref)
 (elem $0 (table $0) (i32.const 1) func $1 $3)
 (func $1 (param $0 i32)
  (local $1 i32)
  (local.set $1
   (global.get $global$0)
  )
  (call $fimport$0)
  (call_indirect $0 (type $0)
   (local.get $0)
   (local.get $1)
  )
 )
 (func $2 (param $0 i32) (param $1 i32)
  (global.set $global$0
   (local.get $1)
  )
  (call_indirect $0 (type $0)
   (local.get $0)
   (local.get $1)
  )
 )
 (func $3 (param $0 i32)
  (call $2
   (i32.const 1200000)
   (i32.const 1)
  )
  (call $2
   (i32.const 1200016)
   (i32.const 2)
  )
  (call $2
   (i32.const 1200032)
   (local.get $0)
  )
  (drop
   (i32.load
    (i32.const 1200048)
   )
  )
 )
)`.split("\n");
  const intoDeferred = callsIntoDeferred(text);
  const verdicts = Object.fromEntries(
    text.flatMap((line, i) => (/\(i32\.const 12000\d\d\)/.test(line) ? [[line.trim(), intoDeferred(i)]] : [])),
  );
  assert.deepEqual(verdicts, {
    "(i32.const 1200000)": true, // through slot 1, the stub
    "(i32.const 1200016)": false, // slot 2 holds a function of the first part
    "(i32.const 1200032)": false, // a slot known only as the page runs
    "(i32.const 1200048)": false, // read by the first part
  });
});

test("the page's data starts above 0x110000, so that no Option<char>'s None looks like the address of a static (build.rs)", async () => {
  // char::MAX + 1 is the None of an Option<char>, a constant of the code. With the data at 1 MiB
  // it fell inside a Unicode table of core's, which the split then kept in the first part.
  const files = await readdir(DIST);
  const first = await readFile(join(DIST, files.find((f) => /^overhead-[0-9a-f]+_bg\.wasm$/.test(f))));
  const start = Math.min(...dataSegments(first).map((segment) => segment.address));
  assert.ok(start > 0x110000, `the data starts at ${start}`);
});

/** Holds the requests `context` makes for `pattern` until the function it returns is called. */
async function held(context, pattern) {
  let release;
  const released = new Promise((done) => (release = done));
  await context.route(pattern, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

test("until the deferred part arrives, the page shows the numbers it shows once it has (nothing it reads waits in that part)", async () => {
  let release;
  const { page, context, problems } = await app.start("", { serviceWorkers: "block" }, async (context) => {
    release = await held(context, "**/*_deferred.wasm");
  });
  await page.waitForFunction(() => performance.getEntriesByName("overhead-interactive").length > 0);
  const shown = () =>
    page.getByTestId("option").evaluateAll((options) =>
      options.map((option) =>
        ["added-components", "net-monthly-value", "added-ops-hours", "verdict"].map(
          (hook) => option.querySelector(`[data-testid="${hook}"]`)?.textContent,
        ),
      ),
    );
  const before = await shown();
  assert.equal((await marks(page))["deferred-loaded"], undefined, "not arrived yet");
  assert.ok(before.length >= 2 && before.every((values) => values.slice(0, 3).every((v) => /\d/.test(v ?? ""))), JSON.stringify(before));
  release();
  await page.waitForFunction(() => performance.getEntriesByName("overhead-deferred-loaded").length > 0);
  assert.deepEqual(await shown(), before);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the stylesheet's split keeps with the start each rule for which one selector names only classes the start's text holds (scripts/split-style.mjs)", () => {
  const sheet = ".a{color:red}.b{color:blue}.a .b{margin:0}@media (max-width:9px){.a{top:1px}.b{top:2px}}@keyframes k{0%{opacity:0}}.columns-3,.zz{gap:1px}p{margin:0}";
  assert.deepEqual(splitSheet(sheet, "<div class=a> options columns-{}"), {
    start: ".a{color:red}@media (max-width:9px){.a{top:1px}}@keyframes k{0%{opacity:0}}.columns-3,.zz{gap:1px}p{margin:0}",
    rest: ".b{color:blue}.a .b{margin:0}@media (max-width:9px){.b{top:2px}}",
  });
});

for (const [what, address] of [
  ["the landing page", async () => ""],
  ["a link of 1,000 components", () => fragmentOf(CURRENT_BIG_LINK)],
  ["a link cut short", async () => "#v3.AAAAAAAAAAAA"],
]) {
  test(`${what}: no rule of the stylesheet's rest, loaded with the deferred part, styles an element the start shows (scripts/split-style.mjs)`, async () => {
    let releaseWasm, releaseStyle;
    const { page, context, problems } = await app.start(await address(), { serviceWorkers: "block" }, async (context) => {
      releaseWasm = await held(context, "**/*_deferred.wasm");
      releaseStyle = await held(context, "**/style-rest-*.css");
    });
    await page.waitForFunction(() => performance.getEntriesByName("overhead-interactive").length > 0);
    // Asked for with the deferred part, once the start has painted its numbers.
    await page.waitForSelector('link[rel=stylesheet][href*="style-rest-"]', { state: "attached" });
    // Each element the page shows, and its computed style.
    const styles = () =>
      page.evaluate(() =>
        [...document.body.querySelectorAll("*")].map((element) => {
          const style = getComputedStyle(element);
          const name = `${element.tagName.toLowerCase()}.${element.className?.baseVal ?? element.className}`;
          return [name, Object.fromEntries([...style].map((property) => [property, style.getPropertyValue(property)]))];
        }),
      );
    const before = await styles();
    releaseStyle();
    await page.waitForFunction(() => [...document.styleSheets].some((sheet) => sheet.href?.includes("style-rest-")));
    assert.equal((await marks(page))["deferred-loaded"], undefined, "not arrived yet");
    const after = await styles();
    assert.ok(before.length > 20, `${before.length} elements`);
    assert.equal(after.length, before.length);
    const changed = after.flatMap(([name, style], i) =>
      Object.keys(style)
        .filter((property) => style[property] !== before[i][1][property])
        .map((property) => `${name} ${property}: ${before[i][1][property]} → ${style[property]}`),
    );
    assert.deepEqual(changed.slice(0, 10), []);
    releaseWasm();
    await page.waitForFunction(() => performance.getEntriesByName("overhead-deferred-loaded").length > 0);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("the page's JavaScript glue and the workers' are minified (scripts/minify-js.mjs), and index.html names their digests", async () => {
  const files = await readdir(DIST);
  const glue = files.filter((f) => /^overhead-[0-9a-f]+\.js$/.test(f) || /^[a-z]+-worker\.js$/.test(f));
  assert.equal(glue.length, 4, glue.join(" "));
  for (const name of glue) {
    const text = await readFile(join(DIST, name), "utf8");
    // As wasm-bindgen writes it, the glue is indented and documented.
    assert.doesNotMatch(text, /\n {4}|\/\*\*/, `${name} is minified`);
  }
  const page = await readFile(join(DIST, "index.html"), "utf8");
  const pageGlue = glue.find((f) => f.startsWith("overhead-"));
  const digest = createHash("sha384").update(await readFile(join(DIST, pageGlue))).digest("base64");
  assert.ok(page.includes(`integrity=sha384-${digest}`) || page.includes(`integrity="sha384-${digest}"`), "its digest, as minified");
});

const fragmentOf = async (link) => `#${(await readFile(link, "utf8")).trim()}`;
for (const [what, address] of [
  ["the landing page", async () => ""],
  ["a link of 1,000 components", () => fragmentOf(CURRENT_BIG_LINK)],
  ["a link of 9,900 components", () => fragmentOf(HUGE_LINK)],
  // Onboarding's links: the tour opens once the deferred part has arrived (its code is there).
  ["a link into an option's guided tour", async () => "?walkthrough=kubernetes"],
  // Bad addresses: the page says why and shows the landing scenario.
  ["a link cut short", async () => "#v3.AAAAAAAAAAAA"],
  ["an address whose fragment is not a link", async () => "#hello"],
]) {
  test(`${what} starts without the deferred part, which loads after the first paint`, async () => {
    const { page, context, problems } = await app.open(await address(), { serviceWorkers: "block" });
    await page.waitForFunction(() => performance.getEntriesByName("overhead-deferred-loaded").length > 0);
    const at = await marks(page);
    assert.equal(at["deferred-on-demand"], undefined, "the start ran no deferred code");
    assert.ok(at["deferred-loaded"] > at.interactive, JSON.stringify(at));
    const fetched = await page.evaluate(() =>
      performance.getEntriesByType("resource").filter((e) => e.name.endsWith("_deferred.wasm")).map((e) => e.fetchStart),
    );
    assert.equal(fetched.length, 1, "fetched once");
    assert.ok(fetched[0] > at.interactive, "once the page is interactive and painted");
    assert.deepEqual(problems, []);
    await context.close();
  });
}

// Regression: at 1,000 components, V8 compiled the link's decoder whole (21 KB of wasm) and an
// option's resolution whole (12 KB) with its optimizing compiler as the page started: 330 ms of
// a 2-core machine's time on the threads beside the page's, for functions called once, whose
// new code serves their next call only. Each item's work is now a function of its own, and the
// parts are optimized without inlining a function into its one caller (ARCHITECTURE.md, "Hot
// loops"). V8 says what it compiled, and how big it was, with --trace-wasm-compilation-times.
test("opening a link of 1,000 components has V8 optimize no function of the first part over 9 KB", async () => {
  const chromium = spawn(
    process.env.CHROMIUM ?? "/usr/bin/chromium",
    [
      ...CHROMIUM_ARGS,
      "--headless",
      "--js-flags=--trace-wasm-compilation-times",
      "--virtual-time-budget=3000",
      "--dump-dom",
      `${app.url}${await fragmentOf(CURRENT_BIG_LINK)}`,
    ],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  let printed = "";
  chromium.stdout.on("data", (chunk) => (printed += chunk));
  await new Promise((exited) => chromium.on("close", exited));
  // "Compiled function 0x…#<index> using Liftoff|TurboFan, took … bodysize <bytes> …"; the
  // first module compiled is the first part (compiled lazily, function by function).
  const compiled = [...printed.matchAll(/Compiled function (\S+)#\d+ using (\w+),.* bodysize (\d+)/g)];
  assert.ok(compiled.length > 100, "V8 said what it compiled");
  const firstPart = compiled[0][1];
  const optimized = compiled.filter(([, module, tier]) => module === firstPart && tier === "TurboFan").map(([, , , size]) => Number(size));
  assert.ok(optimized.length > 0, "the start ran long enough for V8 to optimize something (the allocator)");
  assert.deepEqual(optimized.filter((size) => size > 9000), [], `optimized: ${optimized.join(", ")} bytes`);
});

test("a link whose document defines a kind, or was made against an older catalog, waits for the deferred part before it is read or analysed, rather than load it there and then", async () => {
  for (const [what, link] of [
    ["a kind of its own", DEFINED_KIND_LINK],
    // Catalog 1, which only core's catalog::loaded_older reads.
    ["an older catalog", BIG_LINK],
  ]) {
    const { page, context, problems } = await app.open(await fragmentOf(link), { serviceWorkers: "block" });
    await page.getByTestId("option").first().waitFor();
    const at = await marks(page);
    assert.equal(at["deferred-on-demand"], undefined, `${what}: no synchronous load`);
    assert.ok(at["deferred-loaded"] < at.interactive, `${what}: ${JSON.stringify(at)}`);
    assert.equal(await page.getByTestId("error").count(), 0, `${what}: opened without an error`);
    assert.deepEqual(problems, [], what);
    await context.close();
  }
});

test("a link the browser does not inflate is read once the deferred part is in (the core's inflater is there), rather than load it there and then", async () => {
  const cases = [
    ["a body that is not raw deflate", "#v3.AQT_____AAAAAA", async () => {}],
    ["a browser without DecompressionStream", await fragmentOf(BIG_LINK), (context) => context.addInitScript(() => delete globalThis.DecompressionStream)],
  ];
  for (const [what, fragment, prepare] of cases) {
    const { page, context, problems } = await app.open(fragment, { serviceWorkers: "block" }, prepare);
    const at = await marks(page);
    assert.equal(at["deferred-on-demand"], undefined, `${what}: no synchronous load`);
    assert.ok(at["deferred-loaded"] < at.interactive, `${what}: ${JSON.stringify(at)}`);
    assert.deepEqual(problems, [], what);
    await context.close();
  }
});

test("what needs the deferred part before it has arrived loads it there and then, and works", async () => {
  // The page's own fetch of the deferred part is held back; the synchronous request that a
  // stub of the first part makes (scripts/split-stubs.mjs) is answered.
  let release, heard;
  const held = new Promise((done) => (release = done));
  const asked = new Promise((done) => (heard = done));
  let requests = 0;
  // Until it has arrived, what the first paint does not need is not built: the page is opened,
  // not waited for whole.
  const { page, context, problems } = await app.start("", { serviceWorkers: "block" }, (context) =>
    context.route("**/*_deferred.wasm", async (route) => {
      requests += 1;
      if (requests === 1) {
        heard();
        await held;
      }
      await route.continue();
    }),
  );
  await page.waitForFunction(() => performance.getEntriesByName("overhead-interactive").length > 0);
  // The page has painted its numbers and asked for the rest: its work after that waits for it.
  await asked;
  assert.equal((await marks(page))["deferred-loaded"], undefined, "not arrived yet");
  assert.equal(await page.getByTestId("model-text").count(), 0, "the panels below the options wait");
  // Exporting the record runs code the start never runs.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-markdown").click()]);
  const markdown = await readFile(await download.path(), "utf8");
  assert.match(markdown, /^# Run the storage cluster on Kubernetes\?/m);
  assert.ok((await marks(page))["deferred-on-demand"] !== undefined, "loaded on demand");
  assert.equal(requests, 2);
  // Loaded that way, it lets the waiting work go on.
  await page.getByTestId("model-text").waitFor();
  release();
  await page.waitForFunction(() => performance.getEntriesByName("overhead-deferred-loaded").length > 0);
  // Still one instance: the page goes on answering.
  await page.getByTestId("export-markdown").click();
  assert.deepEqual(problems, []);
  await context.close();
});

test("a build with another wasm-split than the one the split mends is left whole, and says why", async () => {
  const staging = await mkdtemp(join(tmpdir(), "overhead-split-staging-"));
  try {
    const wasm = join(staging, "overhead-0123abcd_bg.wasm");
    await writeFile(wasm, "the build's wasm");
    const otherSplit = join(staging, "wasm-split");
    await writeFile(otherSplit, "#!/bin/sh\necho 'wasm-split version 116'\n");
    await chmod(otherSplit, 0o755);
    const run = spawnSync("node", [new URL("../../scripts/split-wasm.mjs", import.meta.url).pathname], {
      env: { ...process.env, TRUNK_PROFILE: "release", TRUNK_STAGING_DIR: staging, WASM_SPLIT: otherSplit, CHROMIUM: "/bin/sh" },
      encoding: "utf8",
    });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /split wasm: skipped, .* is "wasm-split version 116", and this step mends the output of "wasm-split version 108" only/);
    assert.equal(await readFile(wasm, "utf8"), "the build's wasm", "left whole");
    assert.deepEqual((await readdir(staging)).sort(), ["overhead-0123abcd_bg.wasm", "wasm-split"]);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
});
