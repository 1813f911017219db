// A CPU profile of the page's start by function: the time each function took on its own (self)
// and with what it called (total), between two of the start's marks, averaged over a few loads.
// It reads V8's sampling profiler out of a Chromium trace, so a build that keeps its function
// names (scripts/profile-start makes one) shows Rust's names; any other shows wasm-function[N].
// "(program)" is the engine's own work, compiling each wasm function on its first call among it.
//
// A report for people, not a figure: the profiler and the trace slow the page down, so read the
// shares, not the milliseconds (e2e/undriven.mjs times the start).
//
// Usage: DIST=target/named-dist node e2e/profile-start.mjs [LOADS [LINK_FILE|- [FROM [TO [TOP]]]]]
// FROM and TO are marks of the start (overhead-main, overhead-opened, overhead-interactive).
import { readFileSync } from "node:fs";
import { launch } from "./tests/harness.mjs";
import { startServer } from "./serve.mjs";

const [loadsArg = "3", linkFile = "-", from = "overhead-main", to = "overhead-interactive", topArg = "40"] = process.argv.slice(2);
const loads = Number(loadsArg);
const top = Number(topArg);
const link = linkFile === "-" ? "" : readFileSync(linkFile, "utf8").trim();
// Ten samples a millisecond: V8 samples a millisecond apart unless told otherwise.
const SAMPLING_US = 100;

/** One load's trace: the profiler's samples and the page's marks. */
async function tracedLoad(url) {
  const browser = await launch([`--js-flags=--cpu-profiler-sampling-interval=${SAMPLING_US}`]);
  try {
    const page = await browser.newPage();
    await browser.startTracing(page, { categories: ["disabled-by-default-v8.cpu_profiler", "blink.user_timing"] });
    await page.goto(link ? `${url}#${link}` : url);
    await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, to);
    // The profiler writes its last chunk a little after the samples it holds.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
    return JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  } finally {
    await browser.close();
  }
}

/** Each profile of a trace (one a thread): its nodes by id, its samples and their times. */
function profiles(events) {
  const byId = new Map();
  for (const event of events) {
    if (event.name === "Profile") byId.set(event.id, { start: event.args.data.startTime, nodes: new Map(), samples: [], deltas: [] });
    const profile = event.name === "ProfileChunk" ? byId.get(event.id) : undefined;
    if (!profile) continue;
    const { cpuProfile = {}, timeDeltas = [] } = event.args.data;
    for (const node of cpuProfile.nodes ?? []) profile.nodes.set(node.id, node);
    profile.samples.push(...(cpuProfile.samples ?? []));
    profile.deltas.push(...timeDeltas);
  }
  return [...byId.values()];
}

/** Adds to `self` and `total` the milliseconds of each function between the two marks. */
function addTimes(events, self, total) {
  const markAt = (name) => events.find((event) => event.name === name && event.cat.includes("user_timing"))?.ts;
  const [start, end] = [markAt(from), markAt(to)];
  if (start === undefined || end === undefined) throw new Error(`the trace lacks the mark ${from} or ${to}`);
  const add = (map, name, ms) => map.set(name, (map.get(name) ?? 0) + ms);
  for (const { start: profiled, nodes, samples, deltas } of profiles(events)) {
    let at = profiled;
    samples.forEach((id, i) => {
      const before = at;
      at += deltas[i];
      if (at < start || at > end) return;
      const ms = (at - before) / 1000;
      const name = (node) => node.callFrame.functionName || "(anonymous)";
      let node = nodes.get(id);
      if (node) add(self, name(node), ms);
      // A recursive function counts once in the total of a sample.
      const counted = new Set();
      for (; node; node = nodes.get(node.parent)) {
        if (!counted.has(name(node))) add(total, name(node), ms);
        counted.add(name(node));
      }
    });
  }
  return (end - start) / 1000;
}

const { server, url } = await startServer(process.env.DIST ?? new URL("../dist", import.meta.url).pathname);
const self = new Map();
const total = new Map();
let window = 0;
try {
  for (let i = 0; i < loads; i++) window += addTimes(await tracedLoad(url), self, total);
} finally {
  server.close();
}
const print = (title, map) => {
  console.log(`${title}, ms a load (${from} to ${to}: ${(window / loads).toFixed(1)} ms, ${loads} loads)`);
  for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(ms / loads).toFixed(2).padStart(8)}  ${name}`);
  }
};
print("Self time", self);
print("\nTotal time", total);
