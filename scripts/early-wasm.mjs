// Post-build (scripts/post-build.mjs), after the split and the minifier, before the policy's
// hashes: the page's wasm is fetched and compiled from the top of the page, not from Trunk's
// loader.
//
// Trunk's loader is a module script, which runs once the whole page is parsed, and the page's
// last script waited for the stylesheet (then a file of its own; now in the page,
// scripts/inline-style.mjs). Only then did it compile the wasm, which its preload had fetched
// meanwhile: 18 to 23 ms of compiling and instantiating between the page being read and the
// app's start, in Chromium on a 2-core machine. An inline script before the stylesheet fetches
// the wasm as the page is parsed and compiles it (`WebAssembly.compileStreaming`) as soon as it
// is in (the integrity check reads all of it first), while the static first paint is drawn;
// the loader then only instantiates the compiled module (wasm-bindgen's `init` takes a promise
// of one). The preload is dropped: the script's fetch is as early, and a second request would
// not match it.
//
// A response the browser cannot compile as it streams (not `application/wasm`, say), or any
// response in a browser without `compileStreaming` (Safari before 15), is handed to the loader
// as it is, and wasm-bindgen's glue reads it whole, as it did before.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run this as a Trunk hook");

const file = join(dir, "index.html");
writeFileSync(file, compileEarly(readFileSync(file, "utf8")));

/** The page with its wasm fetched and compiled by an inline script just before Trunk's loader. */
function compileEarly(html) {
  const loader = html.match(/<script type="?module"?>[\s\S]*?<\/script>/)?.[0];
  const path = loader?.match(/module_or_path: '([^']+_bg\.wasm)'/)?.[1];
  if (!path) throw new Error(`${file}: no Trunk loader naming the page's wasm`);
  const preload = [...html.matchAll(/<link\b[^>]*>/g)].map(([tag]) => [tag, attributes(tag)]).find(([, a]) => a.rel === "preload" && a.href === path);
  if (!preload?.[1].integrity) throw new Error(`${file}: no preload of ${path} with its integrity`);
  const [preloadTag, { integrity }] = preload;
  const early =
    `(globalThis.overheadWasm=fetch(${JSON.stringify(path)},{integrity:${JSON.stringify(integrity)}})` +
    `.then(r=>WebAssembly.compileStreaming&&r.ok&&r.headers.get("Content-Type")==="application/wasm"?WebAssembly.compileStreaming(r):r))` +
    // Marked as handled: a failure is the loader's to report, once it awaits the promise.
    `.catch(()=>{})`;
  const startedEarly = loader.replace(`module_or_path: '${path}'`, "module_or_path: globalThis.overheadWasm");
  console.log(`early wasm: ${path} fetched and compiled from the page's head`);
  return html.replace(preloadTag, "").replace(loader, `<script>${early}</script>${startedEarly}`);
}

/** A tag's attributes by name, quoted or not (the release build's page is minified). */
function attributes(tag) {
  const found = {};
  for (const [, name, value] of tag.matchAll(/\s([a-z-]+)(?:=("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
    found[name] = value?.replace(/^["']|["']$/g, "") ?? "";
  }
  return found;
}
