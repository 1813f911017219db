// Measures the start of the built site in headless Chromium, through Playwright (a driven
// browser starts pages later: e2e/undriven.mjs times the start undriven, to the first frame
// painted): up to the "overhead-interactive" performance mark, which the app sets once its first
// render (with every number) is in the DOM, before the browser lays the page out and paints it.
// Prints the median of fresh page loads (a new browser context each: cold cache), and of each
// stage of the start, between the app's marks "overhead-main" (the wasm runs) and
// "overhead-opened" (the document to show is read).
import { launch, interactiveMark } from "./tests/harness.mjs";
import { startServer } from "./serve.mjs";

const runs = Number(process.argv[2] ?? 7);
const { server, url } = await startServer(new URL("../dist", import.meta.url).pathname);
const browser = await launch();
const interactive = [];
const loaded = [];
const stages = { main: [], opened: [] };
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const shown = await interactiveMark(page);
  await page.goto(url);
  await shown.marked;
  const timing = await page.evaluate(() => ({
    interactive: performance.getEntriesByName("overhead-interactive")[0]?.startTime,
    main: performance.getEntriesByName("overhead-main")[0]?.startTime,
    opened: performance.getEntriesByName("overhead-opened")[0]?.startTime,
    domContentLoaded: performance.getEntriesByType("navigation")[0]?.domContentLoadedEventEnd,
  }));
  interactive.push(timing.interactive);
  loaded.push(timing.domContentLoaded);
  stages.main.push(timing.main);
  stages.opened.push(timing.opened - timing.main);
  await context.close();
}
// A break-even sweep of the landing scenario by servers, then by services, in the page: the
// "overhead-sweep" measure of each (all options, the crossings solved).
const sweeps = [];
{
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('[data-testid="option"]');
  for (let i = 0; i < 6; i++) {
    await page.waitForFunction((n) => performance.getEntriesByName("overhead-sweep").length > n, i);
    await page.getByTestId("sweep-param").selectOption({ index: i % 2 === 0 ? 1 : 0 });
  }
  sweeps.push(...(await page.evaluate(() => performance.getEntriesByName("overhead-sweep").map((e) => e.duration))));
  await context.close();
}
// Ranges: the landing scenario's draws (2,000, the catalog's ranges and one on the hourly cost),
// from the edit to the numbers shown ("overhead-ranges") and each step ("overhead-ranges-step");
// then 10,000 draws of a generated 200-component model, with the page's long tasks meanwhile.
async function drawTimes(page, edits) {
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({
      type: "longtask",
    });
  });
  for (let i = 0; i < edits; i++) {
    const before = await page.evaluate(() => performance.getEntriesByName("overhead-ranges").length);
    await page.getByTestId("hourly-cost-high").fill(String(200 + i));
    await page.getByTestId("hourly-cost-high").press("Tab");
    await page.waitForFunction((n) => performance.getEntriesByName("overhead-ranges").length > n, before);
  }
  return page.evaluate(() => ({
    totals: performance.getEntriesByName("overhead-ranges").map((e) => e.duration),
    steps: performance.getEntriesByName("overhead-ranges-step").map((e) => e.duration),
    longTasks: window.__longTasks,
  }));
}
async function rangesOn(page, samples) {
  await page.getByTestId("ranges-toggle").check();
  if (samples) {
    await page.getByTestId("ranges-samples").fill(String(samples));
    await page.getByTestId("ranges-samples").press("Tab");
  }
  await page.getByTestId("hourly-cost-low").fill("50");
  await page.getByTestId("hourly-cost-high").fill("150");
  await page.getByTestId("hourly-cost-high").press("Tab");
}
let rangesReport = [];
{
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('[data-testid="option"]');
  await rangesOn(page);
  const t = await drawTimes(page, 7);
  // Bands: the sweep of each assumption picked in turn, with ranges on.
  const before = await page.evaluate(() => performance.getEntriesByName("overhead-bands").length);
  for (let i = 0; i < 6; i++) {
    await page.getByTestId("sweep-param").selectOption({ index: i % 2 === 0 ? 1 : 0 });
    await page.waitForFunction((n) => performance.getEntriesByName("overhead-bands").length > n, before + i);
  }
  const bands = await page.evaluate(
    (n) => performance.getEntriesByName("overhead-bands").slice(n).map((e) => e.duration),
    before,
  );
  rangesReport.push(
    `break-even bands of the landing scenario in the page (41 points × 400 draws × 2 options): median ${median(bands).toFixed(1)} ms (${range(bands)})`,
  );
  rangesReport.push(
    `ranges of the landing scenario in the page (2,000 draws × 2 options): edit to numbers median ${median(t.totals).toFixed(1)} ms (${range(t.totals)}), longest step ${Math.max(...t.steps).toFixed(1)} ms, long tasks ${t.longTasks.length}`,
  );
  await context.close();
}
const rangesModel = process.argv[4];
if (rangesModel) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('[data-testid="option"]');
  await page.getByTestId("import-json").setInputFiles(rangesModel);
  await page.waitForFunction(() => document.querySelectorAll('[data-option-id="generated"] [data-testid="graph-node"]').length >= 200, null, { timeout: 120000 });
  await rangesOn(page, 10000);
  const t = await drawTimes(page, 3);
  rangesReport.push(
    `ranges of a 200-component model in the page (10,000 draws): edit to numbers median ${median(t.totals).toFixed(0)} ms (${range(t.totals)}), longest step ${Math.max(...t.steps).toFixed(1)} ms over ${t.steps.length} steps; long tasks meanwhile: ${t.longTasks.length ? `${t.longTasks.length}, longest ${Math.max(...t.longTasks).toFixed(0)} ms` : "none"}`,
  );
  await context.close();
}
// A generated 1,000-component model (scripts/measure writes it): import it, then change one
// assumption, and time until the page shows the result (analysis, layout and drawing).
const model = process.argv[3];
let modelReport = "";
if (model) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('[data-testid="option"]');
  let started = Date.now();
  await page.getByTestId("import-json").setInputFiles(model);
  await page.waitForFunction(() => document.querySelectorAll('[data-option-id="generated"] [data-testid="graph-node"]').length >= 1000, null, { timeout: 120000 });
  const importMs = Date.now() - started;
  const edits = [];
  for (let i = 0; i < 5; i++) {
    const net = '[data-option-id="generated"] [data-testid="net-monthly-value"]';
    const before = await page.locator(net).textContent();
    started = Date.now();
    await page.getByTestId("fleet-elastic").click();
    await page.waitForFunction(([selector, old]) => document.querySelector(selector).textContent !== old, [net, before]);
    edits.push(Date.now() - started);
  }
  modelReport = `1,000-component model in the browser: import to drawn ${importMs} ms; one edit recomputed and redrawn: median ${median(edits).toFixed(0)} ms (${range(edits)})`;
  await context.close();
}
await browser.close();
server.close();
function median(xs) {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}
function range(xs) {
  return `min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}`;
}
if (modelReport) console.log(modelReport);
for (const line of rangesReport) console.log(line);
console.log(
  `break-even sweep of the landing scenario in the page (41 points × 2 options, crossings solved): median ${median(sweeps).toFixed(1)} ms (${range(sweeps)}) over ${sweeps.length} sweeps`,
);
console.log(
  `the page built (its DOM, not yet laid out and painted) through Playwright (loopback, cold cache, ${runs} loads): median ${median(interactive).toFixed(0)} ms (${range(interactive)}); DOMContentLoaded median ${median(loaded).toFixed(0)} ms`,
);
const rest = interactive.map((t, i) => t - stages.main[i] - stages.opened[i]);
console.log(
  `its stages (medians): the wasm running at ${median(stages.main).toFixed(0)} ms (HTML, JS, the wasm downloaded and compiled); the landing scenario read ${median(stages.opened).toFixed(0)} ms later; built ${median(rest).toFixed(0)} ms after that (the views, the analysis, the numbers)`,
);
