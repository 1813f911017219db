// Post-build (scripts/post-build.mjs), after the wasm's early start and before the policy's
// hashes: the page's stylesheet, as Trunk built it (minified, hashed), goes into index.html as a
// `<style>` element, and its file is no longer written.
//
// A linked stylesheet holds the first paint back until it is in: one more request, and on a
// real network one more round trip, before the landing scenario's static numbers show. On
// loopback in Chromium on a 2-core machine it came in 30-55 ms after the page, as the wasm did,
// and the static first paint was laid out while the wasm's bytes were being handed to the
// compiler on the same thread. Inline, the first paint is laid out as soon as the page is read,
// while the wasm is still on its way; that layout also looks up the fonts the app's first view
// needs (index.html's `font-warmup`), which the app's first layout then finds ready.
// The bytes of the first load are the same (gzip compresses the sheet with the page).
// The policy allows the element by its hash (scripts/csp-hashes.mjs), not 'unsafe-inline'.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run this as a Trunk hook");

const file = join(dir, "index.html");
const html = readFileSync(file, "utf8");
const links = [...html.matchAll(/<link\b[^>]*>/g)].map(([tag]) => tag).filter((tag) => /\brel="?stylesheet"?[\s/>]/.test(tag));
if (links.length !== 1) throw new Error(`${file}: ${links.length} stylesheet links, where the page has one`);
const href = links[0].match(/\bhref="?\.?\/?([^"\s>]+\.css)"?/)?.[1];
if (!href) throw new Error(`${file}: the stylesheet link names no .css file of the site: ${links[0]}`);
const sheet = readFileSync(join(dir, href), "utf8");
// The sheet is written into the page as it is: a `</style` in it would end the element early.
if (/<\/style/i.test(sheet)) throw new Error(`${href}: holds "</style", which cannot be inlined`);
writeFileSync(file, html.replace(links[0], () => `<style>${sheet}</style>`));
rmSync(join(dir, href));
console.log(`inline style: ${href} (${sheet.length} B) written into index.html`);
