// Accessible and readable everywhere (issue 11): a dark theme that follows the system, a page
// that does not scroll sideways at a phone's width, graphs that pan and zoom, and axe on the
// views no other test checks (the text editor, the drafts, a phone's width, the dark theme).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setUp, option, loadAxe, assertAccessible } from "./harness.mjs";

let app;
before(async () => {
  app = await setUp();
});
after(async () => {
  await app?.close();
});

const PHONE = { width: 390, height: 844 };
const background = (page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
const sideways = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test("the theme follows the system: dark when it is dark, light when it is light", async () => {
  const dark = await app.open("", { colorScheme: "dark" });
  assert.equal(await background(dark.page), "rgb(18, 21, 28)");
  await loadAxe(dark.page);
  await assertAccessible(dark.page, "the dark theme");
  assert.deepEqual(dark.problems, []);
  await dark.context.close();

  const light = await app.open("", { colorScheme: "light" });
  assert.equal(await background(light.page), "rgb(246, 247, 249)");
  await light.context.close();
});

test("at a phone's width the page does not scroll sideways, and a graph pans and zooms", async () => {
  const { page, context, problems } = await app.open("", { viewport: PHONE, hasTouch: true, isMobile: true });
  assert.equal(await sideways(page), 0, "the landing page");
  const graph = option(page, "kubernetes");
  const frame = graph.locator(".graph-wrap");
  const width = () => graph.locator('svg[data-testid="graph"]').evaluate((svg) => svg.getBoundingClientRect().width);
  const actual = await width();
  // Wider than the phone: the frame pans (it scrolls), the page does not.
  assert.ok(await frame.evaluate((f) => f.scrollWidth > f.clientWidth), "the graph's frame scrolls");
  await frame.evaluate((f) => (f.scrollLeft = 100));
  assert.ok((await frame.evaluate((f) => f.scrollLeft)) > 0, "and pans");

  await graph.getByTestId("graph-zoom-out").click();
  await graph.getByTestId("graph-zoom-out").click();
  assert.ok(Math.abs((await width()) - actual / 1.5625) < 2, "two steps out");
  assert.equal(await graph.getByTestId("graph-zoom-reset").textContent(), "64%");
  await graph.getByTestId("graph-zoom-in").click();
  assert.ok(Math.abs((await width()) - actual / 1.25) < 2, "one step back in");
  await graph.getByTestId("graph-zoom-reset").click();
  assert.ok(Math.abs((await width()) - actual) < 1, "back to actual size");
  assert.equal(await sideways(page), 0, "zooming never widens the page");

  // Its details and the palette fit too.
  await graph.locator('[data-testid="graph-node"]').first().click();
  await page.getByTestId("component-details").waitFor();
  assert.equal(await sideways(page), 0, "with a component's details open");
  await loadAxe(page);
  await assertAccessible(page, "a phone's width");
  assert.deepEqual(problems, []);
  await context.close();
});

test("the text editor and the drafts pass axe", async () => {
  const { page, context, problems } = await app.open();
  await page.getByTestId("fleet-servers").fill("14");
  await page.getByTestId("model-text").focus();
  await page.getByTestId("drafts-toggle").click();
  await page.getByTestId("drafts").waitFor();
  await loadAxe(page);
  await assertAccessible(page, "the text editor and the drafts");
  assert.deepEqual(problems, []);
  await context.close();
});

test("each graph node says to a screen reader what it is and what it adds, and follows the context", async () => {
  const { page, context, problems } = await app.open();
  const daemons = option(page, "kubernetes").locator('[data-testid="graph-node"][data-kind="storage-daemon"]');
  await page.waitForFunction(() => document.querySelector('[data-option-id="kubernetes"] [data-kind="storage-daemon"]')?.hasAttribute("aria-description"));
  assert.match(await daemons.getAttribute("aria-label"), /^Storage daemons?\b.*\. /);
  const before = await daemons.getAttribute("aria-description");
  assert.match(before, /^Adds [\d.]+ h of ops and \$[\d,]+ a month\.$/);
  // One storage daemon per server: twice the servers, other numbers.
  await page.getByTestId("fleet-servers").fill("24");
  await page.waitForFunction(
    (before) => document.querySelector('[data-option-id="kubernetes"] [data-kind="storage-daemon"]').getAttribute("aria-description") !== before,
    before,
  );
  assert.match(await daemons.getAttribute("aria-description"), /^Adds [\d.]+ h of ops and \$[\d,]+ a month\.$/);
  assert.deepEqual(problems, []);
  await context.close();
});
