// Offline, installable, published (issue 11): after its first load the site works offline (a
// service worker keeps every built file), a new build is announced and taken on the reader's
// word, and the same build works from a sub-path, as GitHub Pages serves a project site.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync } from "node:zlib";
import { setUp, DIST, option, untilModelTextWritten } from "./harness.mjs";

const apps = [];
after(async () => {
  for (const app of apps) await app.close();
});

async function serve(options) {
  const app = await setUp(options);
  apps.push(app);
  return app;
}

/** Waits until the service worker keeps the site and controls the page. */
async function untilKept(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

test("after the first load the site works offline: a reload asks the network for nothing, and the model text's worker starts", async () => {
  const app = await serve();
  const { page, context, problems } = await app.open();
  await untilKept(page);
  const fromNetwork = [];
  page.on("response", (response) => {
    if (!response.fromServiceWorker()) fromNetwork.push(response.url());
  });
  const failed = [];
  page.on("requestfailed", (request) => failed.push(request.url()));
  await context.setOffline(true);
  await page.reload();
  await option(page, "kubernetes").getByTestId("net-monthly-value").waitFor();
  // The text worker's files come from the kept site too.
  const text = page.getByTestId("model-text");
  await untilModelTextWritten(page);
  await text.focus();
  await text.fill((await text.inputValue()).replace('title = "Run the storage cluster on Kubernetes?"', 'title = "Offline"'));
  await page.locator("h1", { hasText: "Offline" }).waitFor();
  assert.deepEqual(fromNetwork, [], "every response came from the service worker");
  assert.deepEqual(failed, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test("regression: offline, a link the browser does not inflate is read by the core's inflater once the rest of the code is in: a damaged one says why, a whole one opens", async () => {
  const app = await serve();
  const link = (await readFile(new URL("../fixtures/200-components-1000-edges.link", import.meta.url), "utf8")).trim();
  const { page, context, problems } = await app.open();
  await untilKept(page);
  await context.setOffline(true);
  const reloadAt = async (fragment) => {
    await page.evaluate((fragment) => history.replaceState(null, "", `#${fragment}`), fragment);
    await page.reload();
  };
  // Its deflated body is not raw deflate: the browser's stream fails on it.
  await reloadAt("v3.AQT_____AAAAAA");
  await page.getByTestId("error").first().waitFor();
  assert.match(await page.getByTestId("error").first().textContent(), /changed after it was made|damaged|incomplete/);
  await option(page, "kubernetes").getByTestId("net-monthly-value").waitFor();

  // A browser without DecompressionStream.
  await context.addInitScript(() => delete globalThis.DecompressionStream);
  await reloadAt(link);
  await page.waitForFunction(() => /Opened from a link/.test(document.querySelector('[data-testid="opened"]')?.textContent));
  assert.equal(await page.getByTestId("option").count(), 3, "the link's three options");
  assert.deepEqual(await page.evaluate(() => performance.getEntriesByName("overhead-deferred-on-demand").length), 0, "no synchronous request for the rest of the code");
  assert.deepEqual(problems, []);
  await context.close();
});

test("the service worker registers only once the page has painted its numbers, so its fetches do not slow the first load", async () => {
  const app = await serve();
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    const seen = (window.__offline = {});
    const register = ServiceWorkerContainer.prototype.register;
    ServiceWorkerContainer.prototype.register = function (...args) {
      seen.registeredAt ??= performance.now();
      return register.apply(this, args);
    };
    // The first frame after the app has rendered (its "overhead-interactive" mark), when its
    // callbacks run: the frame's own timestamp can be older than the task that rendered.
    const frame = () => {
      if (performance.getEntriesByName("overhead-interactive").length) seen.paintedAt = performance.now();
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  const page = await context.newPage();
  await page.goto(app.url);
  await untilKept(page);
  const { registeredAt, paintedAt } = await page.evaluate(() => window.__offline);
  assert.ok(paintedAt > 0 && registeredAt > paintedAt, `registered at ${registeredAt} ms, painted at ${paintedAt} ms`);
  await context.close();
});

test("the web manifest makes it installable: a name, a start URL and icons of 192 and 512 pixels", async () => {
  const app = await serve();
  const { page, context } = await app.open();
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  const manifest = await (await page.request.get(new URL(href, page.url()).href)).json();
  assert.equal(manifest.name, "Overhead");
  assert.equal(manifest.start_url, "./");
  for (const size of ["192x192", "512x512"]) {
    const icon = manifest.icons.find((i) => i.sizes === size);
    assert.ok(icon, size);
    const response = await page.request.get(new URL(icon.src, page.url()).href);
    assert.equal(response.headers()["content-type"], "image/png");
  }
  await context.close();
});

test("the build writes the page's policy as headers too, for hosts that read _headers", async () => {
  const app = await serve();
  const { page, context } = await app.open();
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  const headers = await (await page.request.get(new URL("_headers", page.url()).href)).text();
  assert.ok(headers.includes(`Content-Security-Policy: ${meta}; frame-ancestors 'none'\n`), headers);
  assert.match(headers, /X-Content-Type-Options: nosniff/);
  await context.close();
});

test("the build keeps a brotli copy of each file, which the server sends to a browser that takes it", async () => {
  const compressible = /\.(html|js|css|wasm|json|svg|webmanifest)$/;
  const built = await readdir(DIST);
  for (const name of built.filter((name) => compressible.test(name))) {
    assert.ok(built.includes(`${name}.br`), `${name} has its brotli copy`);
    const copy = brotliDecompressSync(await readFile(join(DIST, `${name}.br`)));
    assert.ok(copy.equals(await readFile(join(DIST, name))), `${name}.br holds ${name}, as built`);
  }
  const app = await serve();
  // Chromium takes brotli: the first load comes as brotli, decoded by the browser (from the
  // network: the service worker, which would answer a reload, is kept out).
  const encodings = new Map();
  const { page, context, problems } = await app.open("", { serviceWorkers: "block" }, async (context) =>
    context.on("response", (response) => encodings.set(new URL(response.url()).pathname, response.headers()["content-encoding"])),
  );
  await option(page, "kubernetes").getByTestId("net-monthly-value").waitFor();
  const firstLoad = [...encodings].filter(([path]) => /(\/|\.html|\.js|\.wasm|\.css)$/.test(path));
  assert.ok(firstLoad.some(([path]) => path.endsWith("_bg.wasm")), "the wasm was fetched");
  assert.deepEqual(firstLoad.filter(([, encoding]) => encoding !== "br"), [], "every file of the first load came as brotli");
  // A client that does not take brotli gets the file as it is.
  const plain = await page.request.get(new URL("index.html", page.url()).href, { headers: { "accept-encoding": "gzip" } });
  assert.equal(plain.headers()["content-encoding"], undefined);
  assert.match(await plain.text(), /<title>Overhead<\/title>/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a new build is announced as a new version, and taken on the reader's word", async () => {
  // A copy of the build, whose service worker is then changed as a new build would change it.
  const dist = await mkdtemp(join(tmpdir(), "overhead-dist-"));
  await cp(DIST, dist, { recursive: true });
  const app = await serve({ dist });
  const { page, context, problems } = await app.open();
  await untilKept(page);
  const worker = join(dist, "sw.js");
  const source = await readFile(worker, "utf8");
  const version = source.match(/^const VERSION = "([^"]+)";$/m)[1];
  const next = source.replace(`const VERSION = "${version}";`, 'const VERSION = "next";');
  // As a new build writes it, with its brotli copy, which the server sends.
  await writeFile(worker, next);
  await writeFile(`${worker}.br`, brotliCompressSync(next));
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  const take = page.getByTestId("take-update");
  await take.waitFor();
  assert.match(await page.getByTestId("notice").textContent(), /A new version of Overhead is ready/);
  await Promise.all([page.waitForEvent("load"), take.click()]);
  await page.waitForFunction(async () => (await caches.keys()).includes("overhead-next"));
  assert.deepEqual(await page.evaluate(() => caches.keys()), ["overhead-next"], "the old version's files are gone");
  assert.deepEqual(problems, []);
  await context.close();
});

test("served from a sub-path, the site works: numbers, links, the text worker and offline use", async () => {
  const app = await serve({ prefix: "/overhead/" });
  assert.match(app.url, /\/overhead\/$/);
  const { page, context, problems } = await app.open();
  await option(page, "kubernetes").getByTestId("net-monthly-value").waitFor();
  await page.getByTestId("share-link").click();
  assert.ok((await page.getByTestId("share-url").inputValue()).startsWith(`${app.url}#`));
  const text = page.getByTestId("model-text");
  await untilModelTextWritten(page);
  await text.focus();
  await text.fill((await text.inputValue()).replace('title = "Run the storage cluster on Kubernetes?"', 'title = "Under a path"'));
  await page.locator("h1", { hasText: "Under a path" }).waitFor();
  await untilKept(page);
  assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).scope), app.url);
  await context.setOffline(true);
  await page.reload();
  await page.locator("h1", { hasText: "Under a path" }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
