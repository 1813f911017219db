// The report half of `scripts/bench`: reads the native figures and graphs of
// `core/examples/bench_graphs.rs` (a JSON file), lays the same graphs out with dagre (from npm)
// in the same run and counts crossings the same way for both, measures the bundle in dist/, takes
// the browser figures printed by `e2e/measure.mjs` and `e2e/big-model.mjs` (text files), the size
// breakdown of a wasm built with its names (optional), and writes one Markdown report with SVG
// plots.
//
// Usage: node e2e/bench.mjs GRAPHS.json OUT.md [--browser FILE] [--size-tuned GRAPHS.json] [--names WASM]
//        [--dagre-max N] [--count-max EDGES]
// --size-tuned: the same figures from the core built for size (as the page's WebAssembly is);
// the report takes their analysis times.
// A benchmark and a report, never a test: it exits 0 whatever the figures are.

import { readFileSync, writeFileSync, readdirSync, statSync, mkdirSync } from "node:fs";
import { dirname, join, basename } from "node:path";
import { execFileSync } from "node:child_process";
import { gzipSync } from "node:zlib";
import { countCrossings, layOutWithDagre } from "./crossings.mjs";
import { customName, functionSizes, sections } from "../scripts/wasm-binary.mjs";

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const [graphsFile, out] = args;
const browserFile = option("--browser");
const namesWasm = option("--names");
const dagreMax = Number(option("--dagre-max") ?? 2000);
// Counting crossings compares the segments that share a band of height: long straight edges
// share most bands, so a simplified drawing of tens of thousands of edges would take hours.
const countMax = Number(option("--count-max") ?? 10000);
const graphs = JSON.parse(readFileSync(graphsFile, "utf8"));
const sizeTunedFile = option("--size-tuned");
/** The analysis time of the size-tuned build, by number of components. */
const sizeTuned = new Map(
  (sizeTunedFile ? JSON.parse(readFileSync(sizeTunedFile, "utf8")) : []).map((g) => [g.components, g.analysis_ms]),
);

const centre = (n) => ({ x: n.x + n.width / 2, y: n.y + n.height / 2 });

/** Our layout: node centres, and the drawn polylines with their ends moved to the centres. */
function ours(graph) {
  const centres = graph.nodes.map(centre);
  const straight = graph.pairs.map(([from, to]) => [centres[from], centres[to]]);
  const routed = graph.polylines.map((line, i) => {
    const [from, to] = graph.pairs[i];
    return [centres[from], ...line.slice(1, -1).map(([x, y]) => ({ x, y })), centres[to]];
  });
  return { straight: countCrossings(straight), routed: countCrossings(routed) };
}

function withDagre(graph) {
  const { ms, centres, routes } = layOutWithDagre(graph.nodes, graph.pairs);
  const straight = graph.pairs.map(([from, to]) => [centres[from], centres[to]]);
  return { ms, straight: countCrossings(straight), routed: countCrossings(routes) };
}

const rows = graphs.map((graph) => {
  if (graph.refused) return graph;
  const row = { ...graph, ours: graph.pairs.length <= countMax ? ours(graph) : {} };
  if (graph.components <= dagreMax) row.dagre = withDagre(graph);
  delete row.nodes;
  delete row.pairs;
  delete row.polylines;
  return row;
});

const dist = join(dirname(new URL(import.meta.url).pathname), "..", "dist");

/** When the page asks for this file of dist/: in its first load, or after its first paint (the
 * workers, the deferred part of the page's wasm and the rest of its stylesheet, the words of
 * the catalog's sources, and the service worker, registered once the numbers show). */
function loadedWhen(file) {
  const after =
    file.includes("-worker") || file.endsWith("_deferred.wasm") || file.startsWith("style-rest-") || file === "catalog-texts.json" || file === "sw.js";
  return after ? "after first paint" : "first load";
}

/** dist/'s files, raw, gzip -9 (GNU gzip, as `scripts/measure` counts them) and as the build's
 * brotli copy (`scripts/precompress.mjs`), which a server that has it sends instead. */
function bundle() {
  const files = readdirSync(dist)
    .filter((f) => /\.(html|js|wasm|css)$/.test(f) || f === "catalog-texts.json")
    .map((f) => {
      const gzip = execFileSync("gzip", ["-9c", join(dist, f)], { maxBuffer: 64 * 1024 * 1024 }).length;
      const brotli = statSync(join(dist, `${f}.br`), { throwIfNoEntry: false })?.size;
      return { file: f, raw: statSync(join(dist, f)).size, gzip, brotli };
    });
  const first = files.filter((f) => loadedWhen(f.file) === "first load");
  return {
    files,
    first: first.reduce((s, f) => s + f.gzip, 0),
    firstBrotli: first.reduce((s, f) => s + (f.brotli ?? 0), 0),
  };
}

// The sections of a wasm module by id, as the specification names them (0: custom).
const SECTION_NAMES = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "data count"];

/** The sizes, raw and gzip -9, of the sections of the page's two wasm parts in dist/ (code and
 * data by name; all of them, each gzipped alone, in `sections`); none when the build is not
 * split. */
function wasmParts() {
  const names = readdirSync(dist);
  const start = names.find((f) => /^overhead-[0-9a-f]+_bg\.wasm$/.test(f));
  const deferred = names.find((f) => /_deferred\.wasm$/.test(f));
  if (!start || !deferred) return null;
  const sizes = (file) => {
    const b = readFileSync(join(dist, file));
    const out = { code: 0, codeGzip: 0, data: 0, dataGzip: 0, sections: [] };
    for (const section of sections(b)) {
      const name = section.id === 0 ? `custom: ${customName(b, section)}` : SECTION_NAMES[section.id];
      const raw = section.end - section.body;
      const gzip = gzipSync(b.subarray(section.body, section.end), { level: 9 }).length;
      out.sections.push({ name, raw, gzip });
      if (section.id === 10 || section.id === 11) {
        const key = section.id === 10 ? "code" : "data";
        out[key] = raw;
        out[`${key}Gzip`] = gzip;
      }
    }
    return out;
  };
  return { start: sizes(start), deferred: sizes(deferred) };
}

/** A mangled Rust symbol (legacy `_ZN…E` or v0 `_R…`) as a path good enough to group by: its
 * length-prefixed identifiers joined with `::`, generic arguments' paths (`..`) included. */
function readable(symbol) {
  if (!symbol.startsWith("_ZN") && !symbol.startsWith("_R")) return symbol;
  const parts = [];
  let i = symbol.startsWith("_ZN") ? 3 : 2;
  while (i < symbol.length) {
    const digits = /^\d+/.exec(symbol.slice(i));
    if (!digits) {
      i++;
      continue;
    }
    const length = Number(digits[0]);
    const start = i + digits[0].length;
    const part = symbol.slice(start, start + length);
    if (/^[A-Za-z_$]/.test(part) && !/^h[0-9a-f]{16}$/.test(part)) parts.push(part.replaceAll("..", "::"));
    i = start + Math.max(length, 1);
  }
  return parts.join("::") + "::";
}

/** Code bytes per crate (or module of ours) in a wasm built with its names. */
function breakdown(path) {
  const b = readFileSync(path);
  const data = sections(b).find((section) => section.id === 11);
  const functions = functionSizes(b);
  const groups = new Map();
  for (const { name: symbol, size } of functions) {
    const name = readable(symbol);
    // Ours when any path in the name is ours (a closure of ours inside a library's generic
    // function is ours); else the first crate the name names.
    const m =
      name.match(/(overhead_core::[a-z_]+|overhead::ui::[a-z_]+|overhead::[a-z_]+)/) ??
      name.match(/<?([a-z_][a-z0-9_]*)(\[[0-9a-f]+\])?::/);
    const group = m ? m[1] : "(unnamed)";
    groups.set(group, (groups.get(group) ?? 0) + size);
  }
  const code = functions.reduce((sum, f) => sum + f.size, 0);
  return { code, data: data ? data.end - data.body : 0, groups: [...groups.entries()].sort((a, b) => b[1] - a[1]) };
}

/** A small line plot: x by size, one line per series (points [x, y]), y on a log scale. */
function plot(title, unit, series) {
  const W = 560;
  const H = 260;
  const L = 64;
  const B = 40;
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1])).filter((y) => y > 0);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.log10(Math.min(...ys)) - 0.2, Math.log10(Math.max(...ys)) + 0.2];
  const X = (x) => L + ((x - x0) / (x1 - x0 || 1)) * (W - L - 16);
  const Y = (y) => 16 + (1 - (Math.log10(y) - y0) / (y1 - y0 || 1)) * (H - B - 16);
  const colours = ["#6d28d9", "#0f766e", "#b45309", "#be185d"];
  let svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H + 20 * series.length}" width="${W}" height="${H + 20 * series.length}" font-family="sans-serif" font-size="11">`;
  svg += `<text x="${L}" y="12" fill="#1f2430">${title}</text>`;
  svg += `<rect x="${L}" y="16" width="${W - L - 16}" height="${H - B - 16}" fill="none" stroke="#d8dce4"/>`;
  for (let e = Math.ceil(y0); e <= Math.floor(y1); e++) {
    const y = Y(10 ** e);
    svg += `<line x1="${L}" x2="${W - 16}" y1="${y}" y2="${y}" stroke="#eef0f4"/><text x="${L - 6}" y="${y + 4}" text-anchor="end">${10 ** e} ${unit}</text>`;
  }
  for (const x of [...new Set(xs)]) {
    svg += `<text x="${X(x)}" y="${H - B + 16}" text-anchor="middle">${x.toLocaleString("en")}</text>`;
  }
  svg += `<text x="${(L + W) / 2}" y="${H - 6}" text-anchor="middle">components</text>`;
  series.forEach((s, k) => {
    const points = s.points.filter((p) => p[1] > 0);
    svg += `<polyline points="${points.map((p) => `${X(p[0]).toFixed(1)},${Y(p[1]).toFixed(1)}`).join(" ")}" fill="none" stroke="${colours[k]}" stroke-width="2"/>`;
    for (const p of points) svg += `<circle cx="${X(p[0]).toFixed(1)}" cy="${Y(p[1]).toFixed(1)}" r="3" fill="${colours[k]}"/>`;
    svg += `<line x1="${L}" x2="${L + 18}" y1="${H + 14 + 20 * k}" y2="${H + 14 + 20 * k}" stroke="${colours[k]}" stroke-width="2"/><text x="${L + 24}" y="${H + 18 + 20 * k}">${s.name}</text>`;
  });
  return svg + "</svg>\n";
}

const n = (x) => (x === undefined ? "—" : x.toLocaleString("en", { maximumFractionDigits: 1 }));
const ms = (x) => (x === undefined ? "—" : `${x < 10 ? x.toFixed(2) : x.toFixed(0)} ms`);
let md = "# Overhead benchmark report\n\n";
md += `Written by \`scripts/bench\` on ${new Date().toISOString().slice(0, 10)}, on this machine (\`nproc\`: ${(await import("node:os")).cpus().length}). Figures, not tests: nothing here passes or fails.\n\n`;
md += "## Analysis and layout, ours beside dagre\n\n";
md += "Generated acyclic models (`sample::acyclic_option`, seed 42) in one option beside the landing scenario's. Times are medians of a few runs, natively (ours, built for speed: Cargo's bench profile, opt-level 3) and in Node (dagre, one run). The page's WebAssembly is built for size (opt-level \"z\"): the analysis of the core built that way, natively, is the column after. Crossings are counted the same way for both: proper crossings between segments of different edges, first with each edge a straight line between node centres, then along the drawn route (waypoints, ends moved to the centres).\n\n";
md += "| components | edges | analysis | analysis, built for size | layout (ours) | layout (dagre) | ours ÷ dagre time | crossings straight, ours / dagre | crossings routed, ours / dagre | note |\n|---|---|---|---|---|---|---|---|---|---|\n";
for (const r of rows) {
  if (r.refused) {
    md += `| ${n(r.components)} | ${n(r.edges)} | — | — | — | — | — | — | — | refused: ${r.refused} |\n`;
    continue;
  }
  const ratio = r.dagre ? `${(r.dagre.ms / r.layout_ms).toFixed(0)}× faster` : "—";
  md += `| ${n(r.components)} | ${n(r.edges)} | ${ms(r.analysis_ms)} | ${ms(sizeTuned.get(r.components))} | ${ms(r.layout_ms)} | ${r.dagre ? ms(r.dagre.ms) : "not run"} | ${ratio} | ${n(r.ours.straight)} / ${n(r.dagre?.straight)} | ${n(r.ours.routed)} / ${n(r.dagre?.routed)} | ${[r.simplified && "drawn simplified (long edges straight)", r.ours.routed === undefined && `crossings not counted above ${n(countMax)} edges`, r.components > 1500 && "drawn in the page as an overview by kind"].filter(Boolean).join("; ")} |\n`;
}
const measured = rows.filter((r) => !r.refused);
const plots = join(dirname(out), "plots");
mkdirSync(plots, { recursive: true });
writeFileSync(
  join(plots, "layout-time.svg"),
  plot("Layout time by size (log scale)", "ms", [
    { name: "ours (native)", points: measured.map((r) => [r.components, r.layout_ms]) },
    { name: "dagre (Node)", points: measured.filter((r) => r.dagre).map((r) => [r.components, r.dagre.ms]) },
    { name: "full analysis (native)", points: measured.map((r) => [r.components, r.analysis_ms]) },
  ]),
);
writeFileSync(
  join(plots, "crossings.svg"),
  plot("Routed crossings by size (log scale)", "", [
    { name: "ours", points: measured.filter((r) => r.ours.routed !== undefined).map((r) => [r.components, r.ours.routed]) },
    { name: "dagre", points: measured.filter((r) => r.dagre).map((r) => [r.components, r.dagre.routed]) },
  ]),
);
md += "\n![Layout time by size](plots/layout-time.svg)\n\n![Routed crossings by size](plots/crossings.svg)\n\n";

const b = bundle();
md += "## Bundle (dist/, gzip -9, and the build's brotli copies)\n\n| file | raw | gzip | brotli | loads |\n|---|---|---|---|---|\n";
for (const f of b.files) {
  const brotli = f.brotli === undefined ? "—" : `${n(f.brotli)} B`;
  md += `| \`${f.file.replace(/-[0-9a-f]{16}/, "-…")}\` | ${n(f.raw)} B | ${n(f.gzip)} B | ${brotli} | ${loadedWhen(f.file)} |\n`;
}
md += `\n**First load (html, JS, wasm, CSS): ${n(b.first)} B gzip** (goal: 150 KB); ${n(b.firstBrotli)} B as the build's brotli copies, which a server that serves precompressed files sends instead (\`scripts/serve\` does).\n\n`;
const parts = wasmParts();
if (parts) {
  md += `The page's wasm is split (\`scripts/split-wasm.mjs\`): the part the start runs holds ${n(parts.start.code)} B of code (${n(parts.start.codeGzip)} B gzip) and the data its code can reach, ${n(parts.start.data)} B (${n(parts.start.dataGzip)} B gzip, zeros where the rest was); the deferred part holds ${n(parts.deferred.code)} B of code (${n(parts.deferred.codeGzip)} B gzip) and the data only it reads (\`scripts/split-data.mjs\`), ${n(parts.deferred.data)} B (${n(parts.deferred.dataGzip)} B gzip).\n\n`;
  md += "The part the start runs, section by section (each gzipped alone):\n\n| section | raw | gzip |\n|---|---|---|\n";
  for (const { name, raw, gzip } of parts.start.sections) md += `| ${name} | ${n(raw)} B | ${n(gzip)} B |\n`;
  md += "\n";
}

if (namesWasm) {
  const s = breakdown(namesWasm);
  md += `## Size breakdown of the main wasm\n\nCode bytes by crate (or module of ours), from a build that keeps its names (\`${basename(namesWasm)}\`, unstripped and not gzipped): ${n(s.code)} B of code and ${n(s.data)} B of data (every static of the page: text, the catalogs, and tables of the standard library and of crates, float parsing's among them; about half of it zeros; the split's first part keeps what its code can reach, and the deferred part carries the rest).\n\n| crate or module | code bytes | share |\n|---|---|---|\n`;
  for (const [group, size] of s.groups.slice(0, 25)) md += `| \`${group}\` | ${n(size)} | ${((100 * size) / s.code).toFixed(1)}% |\n`;
  md += "\n";
}

if (browserFile) {
  md += "## In the browser (headless Chromium, loopback)\n\n```\n" + readFileSync(browserFile, "utf8").trim() + "\n```\n";
}
writeFileSync(out, md);
console.log(`wrote ${out}`);
