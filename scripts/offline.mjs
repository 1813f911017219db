// Post-build (scripts/post-build.mjs, the Trunk hook), second step: writes the service worker's
// list of files (every built file, relative to the worker) and its version (a hash of them all),
// so that the site works offline after its first load and a new build is picked up as a new
// version (public/sw.js).
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run this as a Trunk hook");
const worker = join(dir, "sw.js");
const files = readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => join(entry.parentPath ?? entry.path, entry.name).slice(dir.length + 1))
  // Not itself, not the host's own files (`_headers`), which a host may not serve, and not
  // the precompressed copies (`.br`, written after this), which the browser asks for by itself.
  .filter((name) => name !== "sw.js" && !name.startsWith("_") && !name.endsWith(".br"))
  .sort();
const hash = createHash("sha256");
for (const name of files) hash.update(name).update(readFileSync(join(dir, name)));
const version = hash.digest("hex").slice(0, 16);
const assets = ["./", ...files.filter((name) => name !== "index.html").map((name) => `./${name}`)];
const source = readFileSync(worker, "utf8");
const written = source
  .replace(/^const VERSION = .*;$/m, `const VERSION = ${JSON.stringify(version)};`)
  .replace(/^const ASSETS = .*;$/m, `const ASSETS = ${JSON.stringify(assets)};`);
if (written === source) throw new Error(`${worker}: no VERSION or ASSETS line to write`);
writeFileSync(worker, written);
console.log(`offline: version ${version}, ${assets.length} files`);
