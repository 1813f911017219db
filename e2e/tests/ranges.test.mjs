// Ranges (issue 9): give a number a low and a high, and see each option's range, its chance to
// gain and whether the whole range keeps one sign; a link carries the ranges and the draws and
// reopens with the very same numbers.
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

/** Waits until option `id`'s range is drawn, and returns what it says. */
async function drawnRange(page, id) {
  await page.waitForFunction(
    (id) =>
      document.querySelector(`[data-testid="option"][data-option-id="${id}"] [data-testid="net-range"][data-median]`) !==
      null,
    id,
  );
  const range = option(page, id).getByTestId("net-range");
  const win = option(page, id).getByTestId("win-probability");
  return {
    median: Number(await range.getAttribute("data-median")),
    p5: Number(await range.getAttribute("data-p5")),
    p95: Number(await range.getAttribute("data-p95")),
    text: await range.innerText(),
    win: Number(await win.getAttribute("data-p")),
    winText: await win.innerText(),
    robust: await option(page, id).getAttribute("data-robust"),
  };
}

test("a range on the hourly cost gives each option a range and a chance to gain", async () => {
  const { page, context, problems } = await app.open("", { bypassCSP: true });
  // Off by default: no low and high beside the numbers.
  assert.equal(await page.getByTestId("fleet-servers-low").count(), 0);
  await page.getByTestId("ranges-toggle").check();
  // What low and high mean is said where they are typed.
  assert.match(await page.getByTestId("ranges-note").innerText(), /5th and 95th percentiles, not bounds/);
  // Catalog v2's figures carry ranges where its sources disagree: Kubernetes' are drawn at once.
  const fromCatalog = await drawnRange(page, "kubernetes");
  assert.ok(fromCatalog.p5 < fromCatalog.median && fromCatalog.median < fromCatalog.p95, JSON.stringify(fromCatalog));
  assert.match(await page.getByTestId("ranges-drawn").evaluate((e) => e.textContent), /incidents a year, every Kubernetes control plane \(catalog\)/);
  const baseline = option(page, "init-system").getByTestId("net-range");
  assert.equal(await baseline.getAttribute("data-p95"), "0", "the baseline is 0 in every draw");
  assert.match(await baseline.innerText(), /The baseline: 0 in every draw/);
  // Without them, nothing is drawn until a number gets a range.
  await page.getByTestId("ranges-catalog").uncheck();
  await page.waitForFunction(() =>
    /No number has a range yet/.test(document.querySelector('[data-option-id="kubernetes"] [data-testid="net-range"]')?.textContent ?? ""),
  );

  await page.getByTestId("hourly-cost-low").fill("60");
  await page.getByTestId("hourly-cost-high").fill("200");
  await page.getByTestId("hourly-cost-high").press("Tab");
  const k8s = await drawnRange(page, "kubernetes");
  assert.ok(k8s.p5 < k8s.median && k8s.median < k8s.p95, JSON.stringify(k8s));
  assert.ok(k8s.p95 < 0, "Kubernetes costs more at any hourly cost here");
  assert.equal(k8s.win, 0);
  assert.equal(k8s.robust, "true");
  assert.match(k8s.text, /Net a month: median -\$[\d,]+, 90% of draws between -\$[\d,]+ and -\$[\d,]+ \(never gains\)/);
  assert.match(k8s.winText, /Gains \(net monthly value above 0\) in 0% of 2,000 draws/);

  // The break-even chart draws the option's line with its 5–95 band (the baseline has none).
  await page.waitForSelector('[data-testid="sweep-chart"] .sweep-band[data-option-id="kubernetes"]');
  assert.equal(await page.locator('[data-testid="sweep-chart"] .sweep-band').count(), 1);
  assert.match(await page.getByTestId("sweep-chart").innerHTML(), /Shaded: 5th to 95th percentile of 400 draws/);

  // On an elastic, stateless fleet, a wide range of servers straddles the flip (44 servers).
  await page.getByTestId("fleet-elastic").check();
  await page.getByTestId("workload-stateful").uncheck();
  await page.getByTestId("fleet-servers").fill("44");
  await page.getByTestId("fleet-servers-low").fill("15");
  await page.getByTestId("fleet-servers-high").fill("130");
  await page.getByTestId("fleet-servers-high").press("Tab");
  await page.waitForFunction(
    () => document.querySelector('[data-option-id="kubernetes"]')?.dataset.robust === "false",
  );
  const straddling = await drawnRange(page, "kubernetes");
  assert.ok(straddling.win > 0.2 && straddling.win < 0.8, JSON.stringify(straddling));
  assert.ok(straddling.p5 < 0 && straddling.p95 > 0);

  // The link carries the ranges, the seed and the draws: it reopens with the same numbers.
  await page.getByTestId("share-link").click();
  const link = await page.getByTestId("share-url").evaluate((e) => e.value ?? e.href ?? e.textContent);
  const reopened = await context.newPage();
  await reopened.goto(link);
  const again = await drawnRange(reopened, "kubernetes");
  assert.deepEqual(again, straddling);
  assert.equal(await reopened.getByTestId("fleet-servers-low").inputValue(), "15");

  // Another seed draws other numbers.
  await page.getByTestId("ranges-seed").fill("2");
  await page.getByTestId("ranges-seed").press("Tab");
  await page.waitForFunction(
    (median) =>
      Number(document.querySelector('[data-option-id="kubernetes"] [data-testid="net-range"]')?.dataset.median) !== median,
    straddling.median,
  );

  // A range that does not hold its value says so, and the numbers stay.
  await page.getByTestId("fleet-servers").fill("300");
  await page.waitForFunction(() =>
    /does not hold/.test(document.querySelector('[data-option-id="kubernetes"] [data-testid="net-range"]')?.textContent ?? ""),
  );
  await loadAxe(page);
  await assertAccessible(page, "with ranges on");
  assert.deepEqual(problems, []);
});

test("an overridden figure takes a range in its component's details", async () => {
  const { page, problems } = await app.open();
  await page.getByTestId("ranges-toggle").check();
  await option(page, "kubernetes").locator('[data-testid="graph-node"][data-id="node-agent"]').click();
  const details = page.getByTestId("component-details");
  await details.waitFor();
  await details.locator("summary", { hasText: "Figures" }).click();
  const incidents = details.locator('[data-testid="override"][data-figure="incidents_per_year"]');
  await incidents.fill("4");
  await incidents.press("Tab");
  // A figure's range needs its own value first: the value is the median.
  const routineLow = details.locator('[data-testid="override-low"][data-figure="routine_hours_month"]');
  const routineHigh = details.locator('[data-testid="override-high"][data-figure="routine_hours_month"]');
  await routineLow.fill("1");
  await routineHigh.fill("3");
  await routineHigh.press("Tab");
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid="error"]')].some((e) => /own value first/.test(e.textContent)),
  );
  const low = details.locator('[data-testid="override-low"][data-figure="incidents_per_year"]');
  const high = details.locator('[data-testid="override-high"][data-figure="incidents_per_year"]');
  await low.fill("1");
  await high.fill("12");
  await high.press("Tab");
  const k8s = await drawnRange(page, "kubernetes");
  assert.ok(k8s.p5 < k8s.median && k8s.median < k8s.p95, JSON.stringify(k8s));
  // A copy of the option draws the same numbers (its components have the same ids): compared
  // draw by draw, neither ever beats the other, where unpaired ranges would say half the time.
  await option(page, "kubernetes").getByTestId("option-duplicate").click();
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-option-id="kubernetes"] .range')].some((p) =>
      /^Beats .+ in 0% of the same draws\.$/.test(p.textContent),
    ),
  );
  // The text carries the range beside the override.
  await page.waitForFunction(() =>
    /ranges = \{ incidents_per_year = \{ low = 1, high = 12 \} \}/.test(document.querySelector('[data-testid="model-text"]')?.value ?? ""),
  );
  assert.deepEqual(problems, []);
});
