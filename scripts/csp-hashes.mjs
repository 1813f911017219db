// Trunk post-build hook: the Content-Security-Policy in index.html forbids inline scripts except
// those it lists by hash. Trunk writes its loader inline, so this fills the policy's
// `'inline-script-hashes'` placeholder with the SHA-256 of every inline script of the built
// page. It fails the build if the placeholder is missing, so the policy can never be left open.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run this as a Trunk hook");
const file = join(dir, "index.html");
const html = readFileSync(file, "utf8");
const placeholder = "'inline-script-hashes'";
if (!html.includes(placeholder)) throw new Error(`${file}: no ${placeholder} in the CSP`);

const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
  ([, body]) => `'sha256-${createHash("sha256").update(body, "utf8").digest("base64")}'`,
);
writeFileSync(file, html.replace(placeholder, hashes.join(" ")));
console.log(`CSP: ${hashes.length} inline script(s) allowed by hash`);
