// Cost models (issue 8): a link made with cost model 1 opens with its own numbers, says so, and
// offers today's model side by side and as a forked draft, leaving the link as it was.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { setUp, option, netValue } from "./harness.mjs";

// The landing scenario as cost model 1 computed it, frozen in the core's golden links.
const MODEL_1_LINK = new URL("../../core/tests/golden/k8s-storage.link", import.meta.url);

let app;
before(async () => {
  app = await setUp();
});
after(async () => {
  await app?.close();
});

test("a cost-model-1 link keeps its numbers, says so, and shows today's model beside them", async () => {
  const fragment = (await readFile(MODEL_1_LINK, "utf8")).trim();
  const { page, context, problems } = await app.open(`#${fragment}`);
  // Model 1's numbers, as the golden file states them: −$2,280.57 a month.
  assert.equal(await netValue(page, "kubernetes"), -2281);
  const notice = page.getByTestId("older-model");
  assert.match(await notice.innerText(), /Made with cost model 1 and catalog v1/);

  await page.getByTestId("see-today").click();
  const table = page.getByTestId("model-comparison");
  await table.waitFor();
  const rows = await table.locator("tbody tr").allInnerTexts();
  assert.equal(rows.length, 2);
  assert.match(rows[1], /^Storage daemons on Kubernetes\t\+2\t\+2\t-\$2,281\t/);
  const today = await table.getByTestId("today-net-monthly-value").nth(1).innerText();
  assert.notEqual(today, "-$2,281", "today's model computes it differently");
  // Nothing changed yet: the page still shows the link's own numbers, and the address is the link.
  assert.equal(await netValue(page, "kubernetes"), -2281);
  assert.equal(new URL(page.url()).hash, `#${fragment}`);

  // Forking opens a draft with today's model; the notice goes, the numbers are today's.
  await page.getByTestId("fork-today").click();
  await notice.waitFor({ state: "detached" });
  await page.waitForFunction(
    (shown) =>
      document.querySelector('[data-option-id="kubernetes"] [data-testid="net-monthly-value"]')?.textContent?.trim() ===
      shown,
    today,
  );
  assert.notEqual(new URL(page.url()).hash, `#${fragment}`);
  assert.match(new URL(page.url()).hash, /^#v3\./);
  const drafts = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("overhead.draft.")).length);
  assert.ok(drafts >= 1, "the fork is a draft");

  // The link itself still opens with model 1's numbers.
  const again = await app.open(`#${fragment}`);
  assert.equal(await netValue(again.page, "kubernetes"), -2281);
  await again.context.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test("a new document uses today's model and says nothing about older ones", async () => {
  const { page, context, problems } = await app.open();
  await option(page, "kubernetes").waitFor();
  assert.equal(await page.getByTestId("older-model").count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

// Regression: the comparison belonged to the document it was worked out for. Opening another
// model-1 document (same cost model and catalog) kept the first one's table on screen.
test("the comparison is dropped when another model-1 document opens", async () => {
  const tracing = (await readFile(new URL("../../core/tests/golden/tracing.link", import.meta.url), "utf8")).trim();
  const fragment = (await readFile(MODEL_1_LINK, "utf8")).trim();
  const { page, context, problems } = await app.open(`#${fragment}`);
  await page.getByTestId("see-today").click();
  await page.getByTestId("model-comparison").waitFor();
  await page.goto(`${app.url}#${tracing}`);
  await page.waitForFunction(() => document.querySelector('[data-option-id="sdk"]') !== null);
  assert.equal(await page.getByTestId("model-comparison").count(), 0);
  await page.getByTestId("see-today").click();
  // The tracing document's three options, not the storage one's two.
  assert.equal(await page.getByTestId("model-comparison").locator("tbody tr").count(), 3);
  assert.deepEqual(problems, []);
  await context.close();
});
