// Post-build (scripts/post-build.mjs), after the split: minifies wasm-bindgen's JavaScript
// glue with terser. Trunk's own minifier cannot read the page's glue (it stops at
// `export default`, and says so in a warning), so the glue shipped as written: 67.8 KB, 11.4 KB
// gzip, in the first load. Names the wasm imports are looked up by are properties, which
// terser leaves as they are; so are the module's exports. The workers' glue is a classic
// script whose top-level names are globals (`wasm_bindgen`): it is minified as one, leaving
// those names alone.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { minify } from "terser";
import { updateIntegrity } from "./integrity.mjs";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run this as a Trunk hook");

const PAGE_GLUE = /^overhead-[0-9a-f]+\.js$/;
const WORKER_GLUE = /^[a-z]+-worker\.js$/;

if (process.env.TRUNK_PROFILE === "release") {
  const changes = [];
  for (const name of readdirSync(dir)) {
    const module = PAGE_GLUE.test(name);
    if (!module && !WORKER_GLUE.test(name)) continue;
    const file = join(dir, name);
    const before = readFileSync(file);
    const { code } = await minify(before.toString(), { module, compress: true, mangle: true });
    writeFileSync(file, code);
    changes.push([before, Buffer.from(code)]);
    console.log(`minify js: ${name} ${before.length} B → ${code.length} B`);
  }
  updateIntegrity(dir, changes);
}
