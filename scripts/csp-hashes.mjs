// Post-build (scripts/post-build.mjs, the Trunk hook): the Content-Security-Policy in index.html
// forbids inline scripts and styles except those it lists by hash. Trunk writes its loader
// inline, and the stylesheet is written into the page (scripts/inline-style.mjs), so this fills
// the policy's `'inline-script-hashes'` and `'inline-style-hashes'` placeholders with the
// SHA-256 of every inline script and style element of the built page. It fails the build if a
// placeholder is missing, so the policy can never be left open.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run this as a Trunk hook");
const file = join(dir, "index.html");
const html = readFileSync(file, "utf8");
/** The policy's `placeholder` filled with the SHA-256 of the body of each inline `tag` of the page
 * (a script with a `src` is not inline); fails the build if the placeholder is missing. */
function allowedByHash(page, placeholder, tag) {
  if (!page.includes(placeholder)) throw new Error(`${file}: no ${placeholder} in the CSP`);
  const inline = new RegExp(`<${tag}(?![^>]*\\bsrc=)[^>]*>([\\s\\S]*?)</${tag}>`, "g");
  const hashes = [...page.matchAll(inline)].map(
    ([, body]) => `'sha256-${createHash("sha256").update(body, "utf8").digest("base64")}'`,
  );
  console.log(`CSP: ${hashes.length} inline ${tag}(s) allowed by hash`);
  return page.replace(placeholder, hashes.join(" "));
}

const built = allowedByHash(allowedByHash(html, "'inline-script-hashes'", "script"), "'inline-style-hashes'", "style");
writeFileSync(file, built);

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
