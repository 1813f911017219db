// The model text is read by a Web Worker that is not part of the first load: the page asks for
// none of its files until the editor is used, the worker runs under the page's
// Content-Security-Policy, and a worker that cannot start is reported without losing the text.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setUp, untilModelTextWritten } from "./harness.mjs";

const WORKER_FILES = ["text-worker_loader.js", "text-worker.js", "text-worker_bg.wasm"];
const isWorkerFile = (url) => WORKER_FILES.some((name) => new URL(url).pathname.endsWith(`/${name}`));

let app;
before(async () => {
  app = await setUp();
});
after(async () => {
  await app?.close();
});

/** Opens the page with every request and every console error recorded from the start. */
async function openRecording() {
  // Without the service worker: what the page itself asks for is what is tested (the worker
  // keeps every built file for offline use, fetched after the page has loaded), and a route
  // reaches requests that the service worker would otherwise answer from its cache.
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: "block" });
  const requests = [];
  const problems = [];
  context.on("request", (request) => requests.push(request.url()));
  const page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  await page.goto(app.url);
  await page.waitForSelector('[data-testid="option"]');
  await untilModelTextWritten(page);
  return { context, page, requests, problems };
}

const titled = (text, title) =>
  text.replace('title = "Run the storage cluster on Kubernetes?"', `title = "${title}"`);

test("the first load asks for no worker file; using the editor starts the worker, and typing updates the page", async () => {
  const { context, page, requests, problems } = await openRecording();
  await page.waitForFunction(() => performance.getEntriesByName("overhead-interactive").length === 1);
  await page.waitForLoadState("networkidle");
  assert.deepEqual(requests.filter(isWorkerFile), [], "nothing of the worker before the editor is used");

  const text = page.getByTestId("model-text");
  const started = page.waitForEvent("worker");
  await text.focus();
  assert.match((await started).url(), /\/text-worker_loader\.js$/);

  await text.fill(titled(await text.inputValue(), "Read by the worker"));
  await page.locator("h1", { hasText: "Read by the worker" }).waitFor();
  for (const name of WORKER_FILES) {
    assert.ok(requests.some((url) => new URL(url).pathname.endsWith(`/${name}`)), `${name} was loaded`);
  }
  // The policy allows the worker: no violation, no error of any kind.
  assert.deepEqual(problems, []);
  await context.close();
});

test("the worker's files are served with their MIME types", async () => {
  const expected = {
    "text-worker_loader.js": /^text\/javascript/,
    "text-worker.js": /^text\/javascript/,
    "text-worker_bg.wasm": /^application\/wasm$/,
  };
  for (const [name, type] of Object.entries(expected)) {
    const response = await fetch(app.url + name);
    assert.equal(response.status, 200, name);
    assert.match(response.headers.get("content-type"), type, name);
  }
});

test("a worker that cannot start is reported, the typed text is kept, and the next edit starts it again", async () => {
  const { context, page, problems } = await openRecording();
  await context.route(/\/text-worker_loader\.js$/, (route) => route.fulfill({ status: 404, body: "" }));
  const text = page.getByTestId("model-text");
  const typed = titled(await text.inputValue(), "Typed while the worker was away");
  await text.fill(typed);
  const error = page.locator('.model-text [data-testid="error"]', { hasText: "text reader" });
  await error.waitFor();
  assert.match(await error.innerText(), /could not be read.*Your text is kept/);
  assert.equal(await text.inputValue(), typed, "nothing typed is lost");
  assert.equal(await page.locator("h1", { hasText: "Typed while the worker was away" }).count(), 0);

  // The worker's files are back: the next edit starts a worker and reads the text.
  await context.unroute(/\/text-worker_loader\.js$/);
  await text.fill(typed.replace("Typed while the worker was away", "Read once the worker was back"));
  await page.locator("h1", { hasText: "Read once the worker was back" }).waitFor();
  await error.waitFor({ state: "detached" });
  assert.ok(problems.every((p) => /text-worker_loader\.js|404/.test(p)), problems.join("\n"));
  await context.close();
});
