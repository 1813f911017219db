// Post-build (scripts/post-build.mjs, the Trunk hook), first step: the Content-Security-Policy in
// index.html forbids inline scripts except those it lists by hash. Trunk writes its loader
// inline, so this fills the policy's `'inline-script-hashes'` placeholder with the SHA-256 of
// every inline script of the built page. It fails the build if the placeholder is missing, so the
// policy can never be left open.
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
const built = html.replace(placeholder, hashes.join(" "));
writeFileSync(file, built);
console.log(`CSP: ${hashes.length} inline script(s) allowed by hash`);

// The same policy as response headers, for hosts that read a `_headers` file (Netlify,
// Cloudflare Pages); README.md says what to set elsewhere. As a header it can also forbid
// framing (`frame-ancestors`), which a meta tag cannot.
// The meta tag, whichever order its attributes come in (the release build is minified).
const meta = built.match(/<meta[^>]*Content-Security-Policy[^>]*>/)?.[0];
const policy = meta?.match(/content="([^"]+)"/)?.[1];
if (!policy) throw new Error(`${file}: no Content-Security-Policy meta tag to copy`);
const headers = [
  "/*",
  `  Content-Security-Policy: ${policy}; frame-ancestors 'none'`,
  "  X-Content-Type-Options: nosniff",
  "  Referrer-Policy: no-referrer",
  "",
].join("\n");
writeFileSync(join(dir, "_headers"), headers);
