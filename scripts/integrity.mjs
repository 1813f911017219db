// The page's subresource integrity, kept true by the post-build steps that rewrite a file Trunk
// wrote (scripts/split-wasm.mjs, scripts/minify-js.mjs): Trunk's index.html names each file by
// its sha384 digest, and a browser refuses a file whose digest differs.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Gives each file of `changes` ([bytes before, bytes after]) its new digest in `dir`'s
 * index.html, wherever the old digest is named. */
export function updateIntegrity(dir, changes) {
  const page = join(dir, "index.html");
  let html = readFileSync(page, "utf8");
  for (const [before, after] of changes) {
    const old = digest(before);
    if (html.includes(old)) html = html.replaceAll(old, digest(after));
  }
  writeFileSync(page, html);
}

function digest(bytes) {
  return `sha384-${createHash("sha384").update(bytes).digest("base64")}`;
}
