// Post-build (scripts/post-build.mjs, the Trunk hook), first step, for release builds: splits the
// page's WebAssembly in two, so that the first load carries only the code the start runs.
//
// Binaryen's `wasm-split` (Debian's package, scripts/setup) does the splitting, guided by a
// profile: which functions ran. To take it, this step builds an instrumented copy of the page,
// opens it in headless Chromium (a first visit, a returning visit with a draft, a reload of
// that draft, links of 200 to 2,000 components, a link with a kind of its own, a link cut
// short, one the browser cannot inflate, and a link in a browser that has no inflater), and
// reads the profile out of each page when it asks for the rest of its code: once it has painted
// its numbers (a document with a kind of its own, once read; a link the browser cannot inflate,
// once its frame is read). The functions that
// ran until then stay in `overhead-<hash>_bg.wasm`; the others go to
// `overhead-<hash>_deferred.wasm`, which the page fetches and compiles then (fetched any
// sooner, its download competed with the start's work: a 1,000-component link took 30 ms longer
// to open, on loopback). The page's own work after its first paint (the graphs, the panels
// below them, the flip search) waits for it to arrive (src/ui/deferred_code.rs). The page's
// calls into a function not yet loaded go to a stub (scripts/split-stubs.mjs), which compiles
// the deferred part there and then, from the bytes already fetched or from a synchronous
// request, and calls the function: code the profile missed is slower the first time, never
// wrong. (A synchronous request does not go through the service worker: offline, that last
// resort fails; it is needed only if the page is used in the moment between its first paint
// and the deferred part's arrival.)
//
// The deferred part calls the first part's functions through a table the first part exports,
// not through an export each (`callsThroughTable`). Last, the statics only the deferred code
// reads go with it (scripts/split-data.mjs), and the custom sections tools wrote for tools go.
// The loader this step appends to the glue also adds the rest of the stylesheet to the page
// with the deferred part (scripts/inline-style.mjs).
//
// Binaryen 108 (Debian 12's) leaves wasm-bindgen's table of JS values out of its work: it exports
// the function table under that table's name, and the deferred part uses the table without
// importing it. `fixTables` mends both. Without a browser or wasm-split, or with another
// version of wasm-split, the step says so and leaves the build whole: it still works, only its
// first load is bigger.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { updateIntegrity } from "./integrity.mjs";
import { linkedData, moveDeferredData, withoutLinkInfo } from "./split-data.mjs";
import { LOAD_IMPORT, functionsImportedFrom, stubsForPlaceholders } from "./split-stubs.mjs";
import { WASM_FEATURES, WASM_OPT, customName, leb, nameBytes, sections, string, uleb, withSectionBody, withoutCustomSections } from "./wasm-binary.mjs";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run this as a Trunk hook");

// The wasm features (`WASM_FEATURES`), as Binaryen's JS API names them (its wasm-opt takes bulk
// memory for both of its features).
const BINARYEN_FEATURES = ["BulkMemory", "BulkMemoryOpt", "NontrappingFPToInt", "SignExt", "MutableGlobals", "ReferenceTypes", "Multivalue"];
const WASM_SPLIT = process.env.WASM_SPLIT ?? "/usr/bin/wasm-split";
// The Binaryen whose output `fixTables` mends. Another version's split could validate and still
// misbehave in the page, so the build is then left whole: GitHub's runner, say, has a Chromium
// and takes Ubuntu's Binaryen, whose version this step was never tried with.
const KNOWN_WASM_SPLIT = "wasm-split version 108";
// The parts of index.html's wasm-opt parameters that the parts are optimized with again
// (`optimizeParts`).
const ONE_CALLER_INLINING = "--one-caller-inline-max-function-size=0";
const LOW_MEMORY_UNUSED = "--low-memory-unused";
// Custom sections that tools wrote for tools, which the split's parts no longer need and no
// browser reads: the wasm features Rust targeted (for wasm-bindgen) and wasm-split's mark.
const TOOL_SECTIONS = new Set(["target_features", "__wasm_split_unstable"]);
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
// The page's wasm as Cargo linked it, with the linker's symbol table and relocations (build.rs).
const LINKED_WASM = join(process.env.CARGO_TARGET_DIR ?? fileURLToPath(new URL("../target", import.meta.url)), "wasm32-unknown-unknown/release/overhead.wasm");
const EXTERNREFS = "__wbindgen_externrefs";
// Links the start is profiled on besides the landing page: a link opens as a draft or any
// document does, and a bigger graph takes paths a small one does not (the layout worker, the
// simplified drawing, the overview by kind).
const START_LINKS = [
  // These two were made against catalog 1: their start reads the link's envelope and the
  // catalog version, then waits for the deferred part, which holds the older catalogs
  // (src/ui/store.rs, `decoded_at_start`).
  "200-components-1000-edges.link",
  "dense-1000-components-5000-edges.link",
  "dense-2000-components-4000-edges.link",
  // Its start reads the document, then waits for the deferred part, which holds the checks of
  // its kinds (src/main.rs): the profile ends there, with the reading of its kinds.
  "defined-kind.link",
];

/** Links the page cannot open: one cut short (the page says why, and shows the landing
 * scenario), and one whose deflated body is not raw deflate, which the page reads with the
 * core's inflater once the deferred part is in (src/ui/store.rs, `decoded_at_start`): its
 * profile ends with the ask for it. */
const BROKEN_LINKS = ["v3.AAAAAAAAAAAA", "v3.AQT_____AAAAAA"];

/** The name of the page's wasm in the staging directory. */
function pageWasmName() {
  const [wasmName] = readdirSync(dir).filter((name) => /^overhead-[0-9a-f]+_bg\.wasm$/.test(name));
  if (!wasmName) throw new Error(`${dir}: no overhead-<hash>_bg.wasm`);
  return wasmName;
}

async function split() {
  const wasmName = pageWasmName();
  const base = wasmName.slice(0, -"_bg.wasm".length);
  const glueName = `${base}.js`;
  const deferredName = `${base}_deferred.wasm`;
  const work = mkdtempSync(join(tmpdir(), "overhead-split-"));
  try {
    const whole = join(work, "whole.wasm");
    cpSync(join(dir, wasmName), whole);
    const profile = await startProfile(work, whole, glueName, wasmName);
    const primary = join(work, "primary.wasm");
    const deferred = join(work, "deferred.wasm");
    // A build that keeps its names (for a size breakdown or a profile) keeps them in both parts.
    const keep = hasNames(readFileSync(whole)) ? ["-g"] : [];
    wasmSplit(["--split", ...keep, `--profile=${profile}`, whole, "-o1", primary, "-o2", deferred]);
    fixTables(primary, deferred);
    await rewriteParts(whole, primary, deferred);
    optimizeParts([primary, deferred]);
    moveData(primary, deferred);
    for (const part of [primary, deferred]) writeFileSync(part, withoutCustomSections(readFileSync(part), (name) => TOOL_SECTIONS.has(name)));

    const oldGlue = readFileSync(join(dir, glueName));
    const oldWasm = readFileSync(join(dir, wasmName));
    writeFileSync(join(dir, glueName), withDeferredLoading(oldGlue.toString(), deferredName));
    cpSync(primary, join(dir, wasmName));
    cpSync(deferred, join(dir, deferredName));
    updateIntegrity(dir, [
      [oldGlue, readFileSync(join(dir, glueName))],
      [oldWasm, readFileSync(join(dir, wasmName))],
    ]);
    const size = (file) => readFileSync(file).length;
    console.log(`split wasm: ${wasmName} ${size(whole)} B → ${size(primary)} B at the start, ${size(deferred)} B after the first paint (${deferredName})`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function wasmSplit(args) {
  execFileSync(WASM_SPLIT, [...WASM_FEATURES, ...args], { stdio: ["ignore", "ignore", "inherit"] });
}

/** The profile of the start: the functions an instrumented copy of the page runs until it asks
 * for the rest of its code, on a first visit, a returning visit (the last draft opens), a
 * reload of a draft, links of 200 to 2,000 components, one with a kind of its own, and a link
 * cut short. */
async function startProfile(work, whole, glueName, wasmName) {
  const site = join(work, "site");
  cpSync(dir, site, { recursive: true });
  const instrumented = join(site, wasmName);
  wasmSplit(["--instrument", whole, "-o", instrumented]);
  fixExport(instrumented);
  const glue = readFileSync(join(site, glueName), "utf8");
  writeFileSync(join(site, glueName), patched(glue, "    wasm = instance.exports;\n", `    wasm = instance.exports;\n    globalThis.overheadWriteProfile = ${writeProfile};\n    globalThis.overheadLoadRest = ${profileTheStart};\n`));
  // Trunk's integrity attributes name the uninstrumented files.
  const page = join(site, "index.html");
  writeFileSync(page, readFileSync(page, "utf8").replace(/\sintegrity=("[^"]*"|[^\s>]+)/g, ""));

  const { launch } = await import("../e2e/tests/harness.mjs");
  const { startServer } = await import("../e2e/serve.mjs");
  const { server, url } = await startServer(site);
  // `gc()`, for `profileTheStart`.
  const browser = await launch(["--js-flags=--expose-gc"]);
  try {
    const profiles = [];
    const profile = async (page) => {
      const file = join(work, `start-${profiles.length}.prof`);
      writeFileSync(file, Buffer.from(await page.evaluate(() => globalThis.overheadStartProfile)));
      profiles.push(file);
    };
    // A first visit; a returning visitor, whose last draft opens; a reload of that draft.
    await inFreshPage(browser, async (page) => {
      await openStarted(page, url);
      await profile(page);
      await page.getByTestId("fleet-servers").fill("16");
      await page.waitForFunction(() => Object.keys(localStorage).some((key) => key.startsWith("overhead.draft.")));
      await openStarted(page, url);
      await profile(page);
      await openStarted(page, null);
      await profile(page);
    });
    for (const fragment of [...START_LINKS.map(readLink), ...BROKEN_LINKS]) {
      await inFreshPage(browser, async (page) => {
        await openStarted(page, `${url}#${fragment}`);
        await profile(page);
      });
    }
    // A browser without DecompressionStream: the page reads a deflated link with the core's
    // inflater once the deferred part is in, and its start runs until it asks for it.
    await inFreshPage(browser, async (page) => {
      await page.addInitScript(() => delete globalThis.DecompressionStream);
      await openStarted(page, `${url}#${readLink(START_LINKS[0])}`);
      await profile(page);
    });
    const merged = join(work, "start.prof");
    wasmSplit(["--merge-profiles", ...profiles, "-o", merged]);
    return merged;
  } finally {
    await browser.close();
    server.close();
  }
}

function readLink(name) {
  return readFileSync(new URL(`../e2e/fixtures/${name}`, import.meta.url), "utf8").trim();
}

/** Runs `steps` on a page of a fresh context (no service worker, no CSP: its hashes are not
 * written yet); fails if the page does. */
async function inFreshPage(browser, steps) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: "block", bypassCSP: true });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await steps(page);
    if (errors.length > 0) throw new Error(`split wasm: the instrumented page failed: ${errors.join("; ")}`);
  } finally {
    await context.close();
  }
}

/** Opens `url` (reloads the page when it is null) and waits until the profile of its start has
 * been taken (`profileTheStart`). */
async function openStarted(page, url) {
  await (url === null ? page.reload() : page.goto(url));
  await page.waitForFunction(() => globalThis.overheadStartProfile !== undefined, null, { timeout: 60000 });
}

/** Runs in the instrumented page as the split glue's `overheadLoadRest`, which the page calls
 * once it has painted its numbers (src/ui/deferred_code.rs), and whose promise its later work
 * waits for: takes the profile of the start there. First it has the page collect its garbage,
 * and waits until the finalizers have run (until one made for the purpose has, and a task
 * more, for those of the same collection queued after it): the wasm's closures that
 * JavaScript held (timers', say) are dropped when the engine collects them, which may happen
 * before the rest of the code has arrived. A drop the profile missed then had the page compile
 * the deferred part there and then. */
function profileTheStart() {
  return new Promise((done) => {
    globalThis.overheadStartRegistry = new FinalizationRegistry(() =>
      setTimeout(() => {
        globalThis.overheadStartProfile = globalThis.overheadWriteProfile();
        done();
      }, 0),
    );
    globalThis.overheadStartRegistry.register({}, "collected");
    // In a task of its own: this one may still hold the object registered.
    setTimeout(() => gc(), 0);
  });
}

/** Runs in the page: the instrumented module's profile, as bytes. */
function writeProfile() {
  const size = 1 << 20;
  const at = wasm.__wbindgen_malloc(size, 1);
  const length = wasm.__write_profile(at, size);
  return Array.from(new Uint8Array(wasm.memory.buffer, at, length));
}

/** `text` with `anchor` replaced by `replacement`; fails unless `anchor` occurs `count` times. */
function patched(text, anchor, replacement, count = 1) {
  const found = text.split(anchor).length - 1;
  if (found !== count) throw new Error(`split wasm: wasm-bindgen's glue has ${found} × ${JSON.stringify(anchor)}, expected ${count}`);
  return text.replaceAll(anchor, replacement);
}

/** The glue with the loading of the deferred part: after the first paint, or at once for the
 * first part's stubs (split-stubs.mjs), which import it. */
function withDeferredLoading(glue, deferredName) {
  const imports = "const imports = __wbg_get_imports();";
  const out = patched(glue, imports, `${imports}\n    imports.${LOAD_IMPORT.module} = { ${LOAD_IMPORT.base}: loadDeferredNow };`, 2);
  return out + DEFERRED_LOADER.replace("DEFERRED_NAME", deferredName);
}

// Appended to wasm-bindgen's glue (a module: `wasm` is its instance's exports).
const DEFERRED_LOADER = `
// The deferred part of the page's wasm (scripts/split-wasm.mjs): fetched and compiled when the
// page asks for it (\`overheadLoadRest\`), or at once if a stub of the first part is called first
// (scripts/split-stubs.mjs).
const deferredUrl = new URL('DEFERRED_NAME', import.meta.url);
let deferredBytes, deferredFetch, deferredModule, deferredInstance, restArrived;
const restArrival = new Promise((done) => (restArrived = done));
function instantiateDeferred(module) {
    deferredModule ??= module;
    deferredInstance ??= new WebAssembly.Instance(deferredModule, { primary: wasm });
    restArrived();
}
function fetchDeferred() {
    deferredFetch ??= fetch(deferredUrl)
        .then((response) => {
            if (!response.ok) throw new Error(\`\${deferredUrl}: \${response.status}\`);
            return response.arrayBuffer();
        })
        .then((bytes) => (deferredBytes = new Uint8Array(bytes)));
    return deferredFetch;
}
// The rest of the page's stylesheet, the rules only the deferred part's views use
// (scripts/inline-style.mjs): added to the page, from the template that names it, when the
// deferred part is asked for. A build whose sheet is whole in the page has no such template.
let restStyle;
function loadRestStyle() {
    restStyle ??= new Promise((done) => {
        const template = document.getElementById('overhead-rest-style');
        const link = template?.content.firstElementChild;
        if (!link) return done();
        template.remove();
        link.onload = link.onerror = () => done();
        document.head.append(link);
    });
    return restStyle;
}
// Asked for by the page once it has painted its numbers (src/ui/deferred_code.rs), whose work
// after that waits for the promise: kept once the deferred part and the rest of the stylesheet
// are in, or have failed to load (what needs the code then asks for it there and then).
globalThis.overheadLoadRest = () => {
    if (!deferredInstance) loadDeferred().then(restArrived);
    return Promise.all([restArrival, loadRestStyle()]);
};
function loadDeferred() {
    return fetchDeferred()
        .then((bytes) => deferredModule ?? WebAssembly.compile(bytes))
        .then((module) => {
            instantiateDeferred(module);
            performance.mark('overhead-deferred-loaded');
        })
        .catch((error) => {
            // Asked for again by the first stub called, if one is.
            deferredFetch = undefined;
            console.warn(\`The rest of the page's code did not load yet: \${error}\`);
        });
}
function fetchDeferredNow() {
    // A document's synchronous request cannot ask for bytes: it reads them as a string.
    const request = new XMLHttpRequest();
    request.open('GET', deferredUrl, false);
    request.overrideMimeType('text/plain; charset=x-user-defined');
    request.send();
    if (request.status !== 200) throw new Error(\`\${deferredUrl}: \${request.status}\`);
    const text = request.responseText;
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
}
function loadDeferredNow() {
    if (deferredInstance) return;
    loadRestStyle();
    if (!deferredModule) {
        performance.mark('overhead-deferred-on-demand');
        deferredModule = new WebAssembly.Module(deferredBytes ?? fetchDeferredNow());
    }
    instantiateDeferred(deferredModule);
}
`;

// --- The deferred part's calls into the first part, through a table ---

// The table the first part fills with the functions the deferred part calls (`callsThroughTable`).
const CALLS_TABLE = "overhead_deferred_calls";

/** Has the deferred part call the first part's functions through a table of their own, not
 * through exports. wasm-split exports each function of the first part that the deferred part
 * calls (1,186 of them in November 2026), and an engine makes a JS function of every export
 * as it instantiates the module, on the page's thread before the start runs. Without them, the
 * first part instantiated in 5.7 ms instead of 8.6 in headless Chromium (medians of 9), and
 * its gzip was 3.4 KB smaller. A table's entries cost nothing until they are called.
 *
 * In the first part, the exports wasm-split made for the deferred part go (those of the whole
 * module stay: wasm-bindgen's glue calls them), and a table of the same functions is exported
 * in their place. In the deferred part, each imported function becomes a function of its own
 * that calls its entry of that table (wasm-opt inlines those without parameters into their
 * callers). Binaryen's JS API (npm's binaryen, which holds the wasm-opt the build runs)
 * renumbers what removing an import moves. */
function callsThroughTable(binaryen, primary, deferred, glueExports) {
  const calls = functionsImportedFrom(binaryen, deferred, "primary");
  const targets = calls.map((call) => binaryen.getExportInfo(primary.getExport(call.base)).value);
  for (const call of calls) if (!glueExports.has(call.base)) primary.removeExport(call.base);
  primary.addTable(CALLS_TABLE, targets.length, targets.length);
  primary.addActiveElementSegment(CALLS_TABLE, CALLS_TABLE, targets, primary.i32.const(0));
  primary.addTableExport(CALLS_TABLE, CALLS_TABLE);

  deferred.addTableImport(CALLS_TABLE, "primary", CALLS_TABLE);
  calls.forEach((call, slot) => {
    const operands = binaryen.expandType(call.params).map((type, i) => deferred.local.get(i, type));
    const body = deferred.call_indirect(CALLS_TABLE, deferred.i32.const(slot), operands, call.params, call.results);
    deferred.removeFunction(call.name);
    deferred.addFunction(call.name, call.params, call.results, [], body);
  });
  console.log(`split wasm: the deferred part calls ${calls.length} functions of the first part through a table, not exports`);
}

/** Rewrites both parts with Binaryen's JS API (npm's binaryen, which holds the wasm-opt the
 * build runs): the deferred part's calls into the first part (`callsThroughTable`), and the
 * first part's placeholders for the deferred part's functions (split-stubs.mjs). */
async function rewriteParts(whole, primaryFile, deferredFile) {
  // Loaded here: it takes most of a second, and only a release build splits.
  const { default: binaryen } = await import("binaryen");
  const features = BINARYEN_FEATURES.reduce((all, name) => all | binaryen.Features[name], 0);
  const glueExports = new Set(WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(whole))).map((e) => e.name));
  const keepNames = hasNames(readFileSync(primaryFile));
  const [primary, deferred] = [primaryFile, deferredFile].map((file) => {
    const module = binaryen.readBinary(readFileSync(file));
    module.setFeatures(features);
    return module;
  });
  try {
    callsThroughTable(binaryen, primary, deferred, glueExports);
    const { stubbed, routed } = stubsForPlaceholders(binaryen, primary);
    console.log(`split wasm: ${stubbed} placeholders of the first part are stubs of its own, not imports; ${routed} of its indirect calls go through a dispatcher`);
    binaryen.setDebugInfo(keepNames);
    for (const [module, file] of [[primary, primaryFile], [deferred, deferredFile]]) {
      if (!module.validate()) throw new Error(`split wasm: ${file} is not valid once rewritten`);
      writeFileSync(file, module.emitBinary());
    }
  } finally {
    primary.dispose();
    deferred.dispose();
  }
}

// --- Binaryen 108's tables, mended ---

function fixTables(primary, deferred) {
  fixExport(primary);
  importExternrefs(deferred);
  for (const file of [primary, deferred]) {
    if (!WebAssembly.validate(readFileSync(file))) throw new Error(`split wasm: ${file} is not valid`);
  }
}

/** Runs wasm-opt -Oz on each part, as Trunk did on the whole module: a part has fewer callers
 * of each function than the whole had, so it inlines and drops more (the first part 1.7 KB
 * gzip smaller, the deferred part 3.7 KB, in November 2026). The tables stay as fixTables
 * left them: both are exported or imported, which wasm-opt leaves alone. Without npm's
 * wasm-opt the parts stay as split.
 *
 * As in Trunk's pass (index.html), a function with one caller is not inlined into it for that
 * alone (`ONE_CALLER_INLINING`). By default Binaryen does so whatever the function's size, and
 * in a part it made the functions whose work the code keeps apart on purpose one again: a
 * link's decoder with the reading of each component (`link::read_component`), an option's
 * resolution with the checking of each (`graph::declared_component`). V8 compiles a function
 * that runs long with its optimizing compiler, in time superlinear in its size: a start of
 * 1,000 components spent 330 ms of the machine's two cores on the two merged functions. */
function optimizeParts(files) {
  if (!existsSync(WASM_OPT)) {
    console.log(`split wasm: no ${WASM_OPT}, the parts are not optimized again`);
    return;
  }
  for (const file of files) {
    const keep = hasNames(readFileSync(file)) ? ["--debuginfo"] : [];
    execFileSync(WASM_OPT, [...WASM_FEATURES, ...keep, "-Oz", "--skip-pass=memory-packing", ONE_CALLER_INLINING, LOW_MEMORY_UNUSED, file, "-o", file], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    if (!WebAssembly.validate(readFileSync(file))) throw new Error(`split wasm: ${file} is not valid after wasm-opt`);
  }
}

/** Whether a module has a name section: a build that keeps its names keeps them through the
 * split and its passes. */
function hasNames(bytes) {
  return sections(bytes).some((section) => customName(bytes, section) === "name");
}

/** Moves the statics only the deferred code reads into the deferred part (split-data.mjs). */
function moveData(primary, deferred) {
  const linked = linkedData(LINKED_WASM);
  const { moved, reason } = linked ? moveDeferredData(primary, deferred, linked) : { reason: `${LINKED_WASM} has no symbol table` };
  if (moved) console.log(`split wasm: ${moved.statics} statics (${moved.bytes} B) only the deferred part reads moved to it, in ${moved.segments} segments`);
  else console.warn(`split wasm: the data stays in the first part: ${reason}`);
}

/** Takes out of the page's wasm the linker's symbol table and relocations (build.rs), which
 * the split has read in Cargo's copy (`LINKED_WASM`) and which would triple the file's size. */
function stripLinkInfo() {
  const file = join(dir, pageWasmName());
  const before = readFileSync(file);
  const after = withoutLinkInfo(before);
  if (after.length === before.length) return;
  writeFileSync(file, after);
  updateIntegrity(dir, [[before, after]]);
}

/** Points the export of wasm-bindgen's table of JS values at that table (index 1), not at the
 * function table (index 0). */
function fixExport(file) {
  const bytes = readFileSync(file);
  const exports = sections(bytes).find((section) => section.id === 7);
  let [count, at] = leb(bytes, exports.body);
  let fixed = false;
  for (let i = 0; i < count; i++) {
    const [name, kindAt] = string(bytes, at);
    const [index, next] = leb(bytes, kindAt + 1);
    if (name === EXTERNREFS && bytes[kindAt] === 1) {
      if (next !== kindAt + 2) throw new Error(`split wasm: ${file}: ${name} exports table ${index}`);
      bytes[kindAt + 1] = 1;
      fixed = true;
    }
    at = next;
  }
  if (!fixed) throw new Error(`split wasm: ${file} exports no ${EXTERNREFS} table`);
  writeFileSync(file, bytes);
}

/** Adds to the deferred part's imports wasm-bindgen's table of JS values, as table 1, after the
 * function table it already imports (table 0). */
function importExternrefs(file) {
  const bytes = readFileSync(file);
  const imports = sections(bytes).find((section) => section.id === 2);
  const [count, entries] = leb(bytes, imports.body);
  // Kind 1 (a table) of externref (0x6f), with no minimum size (flags 0, min 0).
  const table = [...nameBytes("primary"), ...nameBytes(EXTERNREFS), 0x01, 0x6f, 0x00, 0x00];
  const body = Buffer.from([...uleb(count + 1), ...bytes.subarray(entries, imports.end), ...table]);
  writeFileSync(file, withSectionBody(bytes, imports, body));
}

// Last, once every declaration above is initialised.
if (process.env.TRUNK_PROFILE === "release") {
  stripLinkInfo();
  const missing = [WASM_SPLIT, CHROMIUM].filter((tool) => !existsSync(tool));
  const version = missing.length > 0 ? "" : execFileSync(WASM_SPLIT, ["--version"], { encoding: "utf8" }).trim();
  if (missing.length > 0) {
    console.warn(`split wasm: skipped, ${missing.join(" and ")} missing (scripts/setup installs them): the first load carries all the code`);
  } else if (version !== KNOWN_WASM_SPLIT) {
    console.warn(`split wasm: skipped, ${WASM_SPLIT} is "${version}", and this step mends the output of "${KNOWN_WASM_SPLIT}" only: the first load carries all the code`);
  } else {
    await split();
  }
}
