// Shared set-up: serve dist/ on loopback and drive Debian's Chromium with playwright-core.
import { chromium } from "playwright-core";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { startServer } from "../serve.mjs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import assert from "node:assert/strict";

const here = dirname(fileURLToPath(import.meta.url));
export const DIST = process.env.OVERHEAD_DIST ?? join(here, "..", "..", "dist");

// As root Chromium needs --no-sandbox; the rest keeps it off the (closed) network.
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--disable-extensions",
];

/** Debian's Chromium, headless, with `args` besides `CHROMIUM_ARGS`. */
export async function launch(args = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [...CHROMIUM_ARGS, ...args],
  });
}

/** Serves `dist` (the build, unless another copy is given) under `prefix`, opens a browser,
 * and collects every page error and console error. `open` and `start` take the page's address,
 * the browser context's options, and what to do to the context before the page loads
 * (`prepare`: a route, say). */
export async function setUp({ dist = DIST, prefix = "/" } = {}) {
  const { server, url } = await startServer(dist, 0, prefix);
  const browser = await launch();
  /** Navigates a new page to the address, and returns as soon as it is there. */
  async function start(path = "", options = {}, prepare = async () => {}) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
    await prepare(context);
    const page = await context.newPage();
    const problems = [];
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console error: ${message.text()}`);
    });
    await page.goto(url + path);
    return { page, context, problems };
  }
  return {
    url,
    browser,
    start,
    /** Navigates a new page to the address, and returns once the whole page is built. */
    async open(path = "", options = {}, prepare = async () => {}) {
      const { page, context, problems } = await start(path, options, prepare);
      await page.waitForSelector('[data-testid="option"]');
      // What the first paint does not need (the graphs, the panels below the options) is
      // built a frame later; the model text's editor is the last of it.
      await page.waitForSelector('[data-testid="model-text"]');
      return { page, context, problems };
    },
    async close() {
      await browser.close();
      await new Promise((done) => server.close(done));
    },
  };
}

/** The moment `page` marks `overhead-interactive`, for a measurement: call it before
 * `page.goto`, and await its `marked` after. The page tells it by a console message, so the
 * wait runs nothing in the page; a polling wait (`waitForSelector`) puts Playwright's script in
 * the page while it starts, 20–30 ms at a time between the start's tasks. */
export async function interactiveMark(page) {
  await page.addInitScript(() =>
    new PerformanceObserver((marks, observer) => {
      if (!marks.getEntriesByName("overhead-interactive").length) return;
      observer.disconnect();
      console.debug("overhead-interactive");
    }).observe({ type: "mark" }),
  );
  // In an object: an async function's promise would take on this one's, and wait for it.
  return { marked: page.waitForEvent("console", { predicate: (m) => m.text() === "overhead-interactive", timeout: 120_000 }) };
}

/** Parses a shown amount such as "-$2,281", "+19.5" or "9.6%" into a number. */
export function amount(text) {
  const cleaned = text.replace(/[$,%\s]/g, "").replace("\u2212", "-");
  const value = Number.parseFloat(cleaned);
  if (Number.isNaN(value)) throw new Error(`not a number: ${JSON.stringify(text)}`);
  return value;
}

export function option(page, id) {
  return page.locator(`[data-testid="option"][data-option-id="${id}"]`);
}

/** The graph nodes of a kind in an option. */
export function node(page, optionId, kind) {
  return option(page, optionId).locator(`[data-testid="graph-node"][data-kind="${kind}"]`);
}

/** An option's added ops hours a month, as a number. */
export async function opsHours(page, optionId) {
  return amount(await option(page, optionId).getByTestId("added-ops-hours").innerText());
}

/** Waits until an option's added ops hours read otherwise than `before` (what `opsHours` gave). */
export async function untilOpsHoursChange(page, optionId, before) {
  await page.waitForFunction(
    ([id, before]) => {
      const shown = document.querySelector(`[data-testid="option"][data-option-id="${id}"] [data-testid="added-ops-hours"]`);
      // As `amount` reads it.
      const value = shown && Number.parseFloat(shown.textContent.replace(/[$,%\s]/g, "").replace("\u2212", "-"));
      return shown !== null && value !== before;
    },
    [optionId, before],
  );
}

/** Waits until the model text's editor holds the document: it is built after the first paint, and its text written a moment later. */
export async function untilModelTextWritten(page) {
  await page.waitForFunction(() => document.querySelector('[data-testid="model-text"]')?.value.includes("title = "));
}

export async function netValue(page, id) {
  return amount(await option(page, id).getByTestId("net-monthly-value").innerText());
}

/** Loads axe-core into the page (opened with `bypassCSP: true`: the page's CSP forbids eval). */
export async function loadAxe(page) {
  const source = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  await page.evaluate(source);
}

/** Asserts that axe-core finds no serious or critical violation on the page as it is now. */
export async function assertAccessible(page, where) {
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  });
  assert.deepEqual(result, [], `${where}: ${result.join("\n")}`);
}
