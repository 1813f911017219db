// Post-build (scripts/post-build.mjs), after the split: gives the functions the page's wasm
// imports from wasm-bindgen's glue short names, in both files.
//
// wasm-bindgen names each import after what it binds and a hash of it
// (`__wbg_getItem_1d33d8d1c6cefa41`): about 230 names of 30 characters, once in the wasm's
// import section and once as a key of the glue's imports object. Their hashes do not compress:
// 12 KB of import section (4.3 KB gzip) and as much again in the glue, all in the first load.
// Here import i is named by i in letters (`a`, `b`, … `Z`, `ab`, …) in both.
//
// The glue's key of each import must occur once in it, as a key (followed by `:` or `(`);
// otherwise the step fails the build rather than guess. The workers' glue and wasm, which the
// first load does not carry, keep wasm-bindgen's names.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { updateIntegrity } from "./integrity.mjs";
import { importDescriptionEnd, leb, nameBytes, sections, string, uleb, withSectionBody } from "./wasm-binary.mjs";

/** The module name wasm-bindgen's glue gives its imports object. */
export const GLUE_MODULE = "./overhead_bg.js";
const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** `wasm` (bytes) and `glue` (text) with the functions `wasm` imports from `GLUE_MODULE` named
 * short in both; fails unless the glue names each once, as a key. */
export function withShortImports(wasm, glue) {
  const renames = new Map();
  const renamed = rewriteImports(wasm, (module, name) => {
    if (module !== GLUE_MODULE) return name;
    const short = renames.get(name) ?? shortName(renames.size);
    renames.set(name, short);
    return short;
  });
  let text = glue;
  for (const [name, short] of renames) {
    const uses = [...text.matchAll(new RegExp(`(?<![\\w$])${name}(?![\\w$])`, "g"))];
    const key = uses.length === 1 && /^[:(]/.test(text.slice(uses[0].index + name.length));
    if (!key) throw new Error(`short imports: the glue names ${name} ${uses.length} times, not once as a key`);
    text = text.slice(0, uses[0].index) + short + text.slice(uses[0].index + name.length);
  }
  return { wasm: renamed, glue: text, count: renames.size };
}

/** The `n`th name of letters: a … Z, ab … ZZ (no name starts with wasm-bindgen's `__`). */
function shortName(n) {
  let name = LETTERS[n % LETTERS.length];
  for (let rest = Math.floor(n / LETTERS.length); rest > 0; rest = Math.floor(rest / LETTERS.length)) name += LETTERS[rest % LETTERS.length];
  return name;
}

/** `bytes` with each import's name replaced by `rename(module, name)`; the rest as it was. */
function rewriteImports(bytes, rename) {
  const section = sections(bytes).find((s) => s.id === 2);
  if (!section) return bytes;
  const [count, first] = leb(bytes, section.body);
  const entries = [];
  let at = first;
  for (let i = 0; i < count; i++) {
    const [module, nameAt] = string(bytes, at);
    const [name, descriptionAt] = string(bytes, nameAt);
    const end = importDescriptionEnd(bytes, descriptionAt);
    entries.push(Buffer.concat([nameBytes(module), nameBytes(rename(module, name)), bytes.subarray(descriptionAt, end)]));
    at = end;
  }
  return withSectionBody(bytes, section, Buffer.concat([Buffer.from(uleb(count)), ...entries]));
}

const dir = process.env.TRUNK_STAGING_DIR;
if (dir && process.env.TRUNK_PROFILE === "release") {
  const wasmName = readdirSync(dir).find((name) => /^overhead-[0-9a-f]+_bg\.wasm$/.test(name));
  if (!wasmName) throw new Error(`short imports: ${dir} has no overhead-<hash>_bg.wasm`);
  const glueName = wasmName.replace("_bg.wasm", ".js");
  const [wasm, glue] = [wasmName, glueName].map((name) => readFileSync(join(dir, name)));
  const short = withShortImports(wasm, glue.toString());
  writeFileSync(join(dir, wasmName), short.wasm);
  writeFileSync(join(dir, glueName), short.glue);
  updateIntegrity(dir, [
    [wasm, short.wasm],
    [glue, Buffer.from(short.glue)],
  ]);
  console.log(`short imports: ${short.count} imports of ${wasmName} renamed, ${wasm.length - short.wasm.length} B fewer`);
}
