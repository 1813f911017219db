// Times the page's start in a Chromium that no tool drives: no Playwright, no DevTools protocol.
// Driven through Playwright, the same build starts later: on a 2-core machine, 60–110 ms later
// for the landing page and 150–230 ms for a link of 1,000 components. What a user sees is this
// figure; the driven ones stay in the report for what only a driver can do (edits).
//
// Each load is a fresh browser with a fresh profile (cold cache), started on a page of another
// site (`localhost`), which then sends it to the page (`127.0.0.1`), as a link clicked in a chat
// opens it. A probe script, added inline to a copy of the build's `index.html` (allowed by its
// hash, added to the page's Content-Security-Policy), sends the start's marks and its long
// tasks back to this server, AFTER_MS after the first frame painted once the app has mounted.
// Inline, it blocks nothing: a script of its own file stopped the page's parser for one more
// request, which a user's page never waits for (and a page that asked for its files before the
// probe gained what no user would).
//
// One more load, traced, counts the wasm functions V8 compiled on the way to interactive, and
// their bytes: it compiles a function the first time it is called (with its baseline compiler,
// on the page's thread), so the start pays for every function it runs. In November 2026,
// reading and building the page took about 30 ms less on the landing page, and 70 ms less on a
// 1,000-component link, with Chromium's --no-wasm-lazy-compilation (which compiles every
// function before the start instead: the start then came later, by more than that). The traced
// load is not in the medians; tracing slows the compiler too much for its time to be a figure.
//
// Usage: node e2e/undriven.mjs LOADS [LINK_FILE [WHAT]], after `trunk build --release` (or with
// DIST=another/build). Prints two lines, which start with WHAT (what the link holds, say).
// DISTS=a,b (two builds or more) compares them: their loads take turns, A, B, B, A, and each
// prints its two lines, WHAT followed by its folder. On this 2-core machine, medians of 7 loads
// taken minutes apart moved by 30-50 ms with the same build; only loads that take turns show
// what a change bought.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHROMIUM_ARGS } from "./tests/harness.mjs";
import { startServer } from "./serve.mjs";

const loads = Number(process.argv[2] ?? 7);
const link = process.argv[3] ? readFileSync(process.argv[3], "utf8").trim() : "";
const what = process.argv[4] ?? (link ? `a link of ${link.length} characters` : "the landing page");
// Long enough for a fresh browser to finish starting before the page is asked for.
const SETTLE_MS = 2000;

/** How long after the first paint the probe keeps counting long tasks: a link's graph is drawn
 * a part a frame after the numbers, and the landing page loads the rest of its code. */
const AFTER_MS = 2500;

/** Runs in the page, before its own scripts. The app marks `overhead-interactive` once its DOM
 * is built; the browser then lays the page out and paints it, in a task that can take longer
 * than the build (fonts are looked up the first time text is laid out). So the probe marks
 * `undriven-painted` in a task queued ahead of others from the next frame's callbacks: it runs
 * once that frame is painted, when the page shows its numbers and is free to answer input. */
const PROBE = `(() => {
  const long = [];
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) long.push([task.startTime, task.duration]);
  }).observe({ type: "longtask" });
  const mark = performance.mark.bind(performance);
  const afterPaint = (then) => requestAnimationFrame(() =>
    globalThis.scheduler?.postTask ? scheduler.postTask(then, { priority: "user-blocking" }) : setTimeout(then, 0));
  performance.mark = function (name, ...rest) {
    const made = mark(name, ...rest);
    if (name === "overhead-interactive") afterPaint(() => {
      mark("undriven-painted");
      setTimeout(report, ${AFTER_MS});
    });
    return made;
  };
  function report() {
    const at = (name) => performance.getEntriesByName(name)[0]?.startTime;
    const painted = at("undriven-painted");
    const before = long.filter(([start]) => start < painted);
    const after = long.filter(([start]) => start >= painted).map(([, duration]) => duration);
    // The long task a mark was made in (0 when that task was under 50 ms): a long task's
    // duration is whole milliseconds, hence the one of slack.
    const holding = (name) => Math.max(0, ...before
      .filter(([start, duration]) => start <= at(name) && at(name) <= start + duration + 1)
      .map(([, duration]) => duration));
    navigator.sendBeacon("/undriven-report", JSON.stringify({
      main: at("overhead-main"), opened: at("overhead-opened"), built: at("overhead-interactive"), interactive: painted,
      longest: Math.max(0, ...before.map(([, duration]) => duration)), longestAfter: Math.max(0, ...after), longAfter: after.length,
      longInstantiating: holding("overhead-main"), longReading: holding("overhead-opened"), longBuilding: holding("overhead-interactive"),
    }));
  }
})();
`;

let reported = () => {};

/** A copy of the build in `dist` with the probe in its page, served on a port of its own: the
 * server, the copy's folder, and the address a fresh browser is started on. */
async function siteFor(dist) {
  const site = mkdtempSync(join(tmpdir(), "overhead-undriven-"));
  cpSync(dist, site, { recursive: true });
  const page = join(site, "index.html");
  const html = readFileSync(page, "utf8");
  if (!html.includes("<script type=module>")) throw new Error(`${dist}/index.html: no module script to put the probe before`);
  if (!html.includes("script-src 'self'")) throw new Error(`${dist}/index.html: no script-src to allow the probe in`);
  const probeHash = createHash("sha256").update(PROBE).digest("base64");
  writeFileSync(
    page,
    html
      .replace("script-src 'self'", `script-src 'self' 'sha256-${probeHash}'`)
      .replace("<script type=module>", `<script>${PROBE}</script><script type=module>`),
  );
  rmSync(`${page}.br`, { force: true });

  let target = "";
  const { server, url } = await startServer(site, 0, "/", (request, response) => {
    const path = new URL(request.url, "http://localhost").pathname;
    if (path === "/undriven-launch") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(`<!doctype html><script>setTimeout(() => { location.href = ${JSON.stringify(target)}; }, ${SETTLE_MS});</script>`);
      return true;
    }
    if (path === "/undriven-report") {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        response.end();
        reported(JSON.parse(body));
      });
      return true;
    }
    return false;
  });
  target = link ? `${url}#${link}` : url;
  return { dist, server, site, launch: url.replace("127.0.0.1", "localhost") + "undriven-launch" };
}

/** One load in a fresh browser, started on `launch`: the page's marks and its longest task up to
 * interactive.
 * `traced` (a callback given the profile's folder) makes it a traced load, and its result is
 * what the callback reads of the trace once the page has reported. */
async function load(launch, traced = null) {
  const profile = mkdtempSync(join(tmpdir(), "overhead-undriven-profile-"));
  const report = new Promise((resolve) => (reported = resolve));
  const browser = spawn(
    process.env.CHROMIUM ?? "/usr/bin/chromium",
    ["--headless", ...CHROMIUM_ARGS, ...(traced ? traceArgs(profile) : []), `--user-data-dir=${profile}`, "--window-size=1280,800", launch],
    { stdio: "ignore", detached: true },
  );
  const exited = new Promise((resolve) => browser.once("exit", resolve));
  let timer;
  try {
    const marks = await Promise.race([
      report,
      exited.then(() => Promise.reject(new Error("the browser exited before the page reported"))),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("the page did not report within 60 s")), 60000))),
    ]);
    return traced ? await traced(profile) : marks;
  } finally {
    clearTimeout(timer);
    // The whole process group: the browser's own processes outlive it otherwise.
    if (browser.exitCode === null && browser.signalCode === null) process.kill(-browser.pid, "SIGKILL");
    await exited;
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  }
}

/** Chromium's flags for a startup trace of V8's wasm compiler and the page's marks, written to
 * `profile`/trace.json when the trace stops: after the page has reported, with room to spare. */
const TRACE_SECONDS = 12;
function traceArgs(profile) {
  return [
    "--trace-startup=v8.wasm,disabled-by-default-v8.wasm.detailed,blink.user_timing",
    "--trace-startup-format=json",
    `--trace-startup-duration=${TRACE_SECONDS}`,
    `--trace-startup-file=${join(profile, "trace.json")}`,
  ];
}

/** The wasm functions the page compiled on their first call, up to interactive, as a traced load
 * in `profile` wrote them: how many, and their code's bytes. */
async function compiledAtStart(profile) {
  const file = join(profile, "trace.json");
  const deadline = Date.now() + (TRACE_SECONDS + 30) * 1000;
  for (;;) {
    const trace = existsSync(file) ? readTrace(file) : null;
    if (trace) return compiledUntilInteractive(trace);
    if (Date.now() > deadline) throw new Error("the traced load wrote no trace");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The trace's events, or null while the file is still being written. */
function readTrace(file) {
  try {
    const trace = JSON.parse(readFileSync(file, "utf8"));
    return Array.isArray(trace) ? trace : trace.traceEvents;
  } catch {
    return null;
  }
}

/** Counts the functions compiled lazily in the page's process until its `overhead-interactive`
 * mark (`wasm.CompileLazy`), and sums their bodies' sizes (`wasm.CompileBaseline`). */
function compiledUntilInteractive(events) {
  const interactive = events.find((event) => event.name === "overhead-interactive");
  if (!interactive) throw new Error("the traced load has no overhead-interactive mark");
  const inPage = (event) => event.pid === interactive.pid && event.ts <= interactive.ts && event.ph === "X";
  const lazy = events.filter((event) => event.name === "wasm.CompileLazy" && inPage(event));
  const bodySize = new Map(
    events.filter((event) => event.name === "wasm.CompileBaseline" && inPage(event)).map((event) => [event.args.funcIndex, event.args.bodySize]),
  );
  return {
    functions: lazy.length,
    bytes: lazy.reduce((sum, event) => sum + (bodySize.get(event.args.func_index) ?? 0), 0),
  };
}

const dists = (process.env.DISTS ?? process.env.DIST ?? new URL("../dist", import.meta.url).pathname).split(",");
const sites = [];
const runs = dists.map(() => []);
const compiled = [];
try {
  for (const dist of dists) sites.push(await siteFor(dist));
  // Builds compared take turns, load by load: the machine's slow and quick minutes fall on each.
  // Each round starts with the next build (A, B, then B, A): whichever loaded first in a round
  // was the quicker by about 18 ms (three runs of two builds within noise of each other, in
  // November 2026).
  for (let i = 0; i < loads; i++) {
    for (let turn = 0; turn < sites.length; turn++) {
      const k = (i + turn) % sites.length;
      runs[k].push(await load(sites[k].launch));
    }
  }
  for (const site of sites) compiled.push(await load(site.launch, compiledAtStart));
} finally {
  for (const { server, site } of sites) {
    server.close();
    rmSync(site, { recursive: true, force: true });
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const ms = (value) => `${Math.round(value)} ms`;
for (const [k, site] of sites.entries()) summarise(sites.length > 1 ? `${what} (${site.dist})` : what, runs[k], compiled[k]);

/** The two lines of one build's loads, which start with `named`. */
function summarise(named, runs, compiled) {
  const interactive = runs.map((run) => run.interactive);
  const medianMs = (field) => ms(median(runs.map((run) => run[field])));
  const stage = (from, to) => ms(median(runs.map((run) => run[to] - run[from])));
  console.log(
    `${named}: time to interactive median ${ms(median(interactive))} (min ${ms(Math.min(...interactive))}, max ${ms(Math.max(...interactive))}) over ${loads} loads; ` +
      `the wasm running at ${medianMs("main")}, the document read ${stage("main", "opened")} later, ` +
      `the page built ${stage("opened", "built")} after that, and laid out and painted ${stage("built", "interactive")} later; ` +
      `longest task up to interactive: median ${medianMs("longest")} ` +
      `(the task that instantiated the wasm ${medianMs("longInstantiating")}, the one that read the document ` +
      `${medianMs("longReading")}, the one that built the page ${medianMs("longBuilding")}; the tasks that analysed it and ` +
      `prepared the page count in the longest only; 0 ms when under 50 ms); ` +
      `in the ${AFTER_MS / 1000} s after: longest task median ${medianMs("longestAfter")}, ` +
      `tasks over 50 ms median ${median(runs.map((run) => run.longAfter))}`,
  );
  console.log(
    `${named}: compiled on their first call up to interactive (one more load, traced): ` +
      `${compiled.functions.toLocaleString("en-US")} wasm functions, ${Math.round(compiled.bytes / 1024).toLocaleString("en-US")} KB of code`,
  );
}
