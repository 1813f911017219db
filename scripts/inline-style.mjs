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
//
// In a split build, only the rules the start can use go into the page (scripts/split-style.mjs);
// the rest is written as `style-rest-<hash>.css`, named in the page by an inert `<template>`
// that the glue's loader of the deferred part adds to the page when it asks for that part
// (scripts/split-wasm.mjs), and waits for with it.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { splitSheet } from "./split-style.mjs";

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
// The split reads the sheet's blocks by their braces.
const strings = sheet.match(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g) ?? [];
if (strings.some((text) => /[{}]/.test(text))) throw new Error(`${href}: holds a brace in a string, which the split cannot read`);
const { start, rest } = isSplit() ? splitSheet(sheet, startText()) : { start: sheet, rest: "" };
const restName = `style-rest-${createHash("sha256").update(rest).digest("hex").slice(0, 16)}.css`;
const restTemplate = `<template id=overhead-rest-style><link rel=stylesheet href=./${restName}></template>`;
writeFileSync(file, html.replace(links[0], () => `<style>${start}</style>${rest ? restTemplate : ""}`));
if (rest) writeFileSync(join(dir, restName), rest);
rmSync(join(dir, href));
console.log(`inline style: ${href} (${sheet.length} B): ${start.length} B written into index.html, ${rest.length} B in ${rest ? restName : "none"}`);

/** Whether the page's wasm was split: its glue then loads the rest of the sheet. */
function isSplit() {
  return readdirSync(dir).some((name) => /^overhead-[0-9a-f]+_deferred\.wasm$/.test(name));
}

/** What the start's elements are made of: the page without its stylesheet, the glue, and the
 * first part of the wasm, as text. */
function startText() {
  const names = readdirSync(dir);
  const glue = names.find((name) => /^overhead-[0-9a-f]+\.js$/.test(name));
  const wasm = names.find((name) => /^overhead-[0-9a-f]+_bg\.wasm$/.test(name));
  return [html.replace(links[0], ""), readFileSync(join(dir, glue), "latin1"), readFileSync(join(dir, wasm), "latin1")].join("\n");
}
