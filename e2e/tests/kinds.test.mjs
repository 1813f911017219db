// Kinds defined in the document: the palette's "Define a new kind…" form, the document's kinds
// listed to edit and remove, and what a defined kind does to the model, its text and its link.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setUp, option, node, opsHours, untilOpsHoursChange, loadAxe, assertAccessible } from "./harness.mjs";

let app;
before(async () => {
  app = await setUp();
});
after(async () => {
  await app?.close();
});

const modelText = (page) => page.getByTestId("model-text").inputValue();

/** Waits until the model text holds every string of `present` and none of `absent` (no eval:
 * the page's CSP forbids it). */
async function waitForModelText(page, { present = [], absent = [] }) {
  await page.waitForFunction(
    ([present, absent]) => {
      const text = document.querySelector('[data-testid="model-text"]')?.value ?? "";
      return present.every((s) => text.includes(s)) && !absent.some((s) => text.includes(s));
    },
    [present, absent],
  );
}

async function openPalette(page, optionId) {
  await option(page, optionId).getByTestId("add-component").click();
  const palette = page.getByTestId("palette");
  await palette.waitFor();
  return palette;
}

/** Defines "Batch runner" (10 routine hours a month, runs on an etcd cluster) for `optionId`. */
async function defineBatchRunner(page, optionId) {
  const palette = await openPalette(page, optionId);
  await page.getByTestId("palette-search").fill("batch runner");
  // Nothing in the catalog: the palette offers to define it, with the search as its name.
  await palette.getByTestId("kind-define").click();
  const form = page.getByTestId("kind-form");
  await form.waitFor();
  assert.equal(await form.getByTestId("kind-name").inputValue(), "batch runner");
  await form.getByTestId("kind-name").fill("Batch runner");
  assert.equal(await form.getByTestId("kind-id").innerText(), "batch-runner");
  await form.getByTestId("kind-category").fill("compute");
  await form.locator('[data-testid="kind-figure"][data-figure="routine_hours_month"]').fill("10");
  await form.getByTestId("kind-require-kind").selectOption("etcd-cluster");
  await form.getByTestId("kind-require-relation").selectOption("runs-on");
  await form.getByTestId("kind-require-add").click();
  await form.locator('[data-testid="kind-requirement"][data-kind="etcd-cluster"]').waitFor();
  await form.getByTestId("kind-source").fill("ASSUMPTION: two engineers' estimate for our cron jobs");
  await form.getByTestId("kind-save").click();
  await node(page, optionId, "batch-runner").waitFor();
}

test("a kind's id follows its name as it is typed, in any script: cut at 40 bytes between letters (a name of 39 letters then \"é\" stopped the page)", async () => {
  const { page, context, problems } = await app.open();
  const palette = await openPalette(page, "kubernetes");
  await page.getByTestId("palette-search").fill("zzqx");
  await palette.getByTestId("kind-define").click();
  const form = page.getByTestId("kind-form");
  await form.waitFor();
  await form.getByTestId("kind-name").fill(`${"a".repeat(39)}é and more`);
  assert.equal(await form.getByTestId("kind-id").innerText(), "a".repeat(39));
  await form.getByTestId("kind-name").fill("日".repeat(20));
  assert.equal(await form.getByTestId("kind-id").innerText(), "日".repeat(13));
  assert.deepEqual(problems, []);
  await context.close();
});

test("a kind defined from the palette joins the option with what it requires, moves the numbers, shows in the text, and undo takes it back step by step", async () => {
  const { page, context, problems } = await app.open();
  const before = await opsHours(page, "kubernetes");
  assert.equal(await node(page, "kubernetes", "etcd-cluster").count(), 0);

  await defineBatchRunner(page, "kubernetes");
  assert.equal(await page.getByTestId("palette").count(), 0, "the palette closes after saving");
  const etcd = node(page, "kubernetes", "etcd-cluster");
  await etcd.waitFor();
  assert.equal(await etcd.getAttribute("data-pulled-in"), "true", "the requirement is pulled in");
  const after = await opsHours(page, "kubernetes");
  assert.ok(after >= before + 10, `10 routine hours a month and more for etcd: ${before} → ${after}`);

  await waitForModelText(page, { present: ["[[kinds]]"] });
  const text = await modelText(page);
  assert.match(text, /\[\[kinds\]\]\nid = "batch-runner"\nname = "Batch runner"\ncategory = "compute"/);
  assert.match(text, /routine_hours_month = 10/);
  assert.match(text, /etcd-cluster/);
  assert.match(text, /source = "ASSUMPTION: two engineers' estimate/);

  // Two undo steps: the component first, then the definition.
  await page.getByTestId("undo").click();
  await node(page, "kubernetes", "batch-runner").waitFor({ state: "detached" });
  assert.equal(await opsHours(page, "kubernetes"), before);
  assert.match(await modelText(page), /\[\[kinds\]\]/, "the definition stays after the first undo");
  await page.getByTestId("undo").click();
  await waitForModelText(page, { absent: ["[[kinds]]"] });
  assert.deepEqual(problems, []);
  await context.close();
});

test("the defined kind survives a share link opened in a fresh browser", async () => {
  const { page, context, problems } = await app.open("", { permissions: ["clipboard-read", "clipboard-write"] });
  await defineBatchRunner(page, "kubernetes");
  const hours = await opsHours(page, "kubernetes");
  await page.getByTestId("share-link").click();
  const shared = await page.getByTestId("share-url").inputValue();
  assert.match(shared, /#v\d+\./);
  assert.deepEqual(problems, []);
  await context.close();

  const fresh = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const reader = await fresh.newPage();
  await reader.goto(shared);
  await reader.waitForSelector('[data-testid="option"]');
  await node(reader, "kubernetes", "batch-runner").waitFor();
  await node(reader, "kubernetes", "etcd-cluster").waitFor();
  assert.equal(await opsHours(reader, "kubernetes"), hours);
  assert.match(await modelText(reader), /\[\[kinds\]\]\nid = "batch-runner"/);
  // The document's kinds are listed in the palette, to edit or remove.
  const palette = await openPalette(reader, "init-system");
  await palette.locator('[data-testid="custom-kind"][data-kind="batch-runner"]').waitFor();
  await fresh.close();
});

test("the form explains empty fields and bad numbers beside them, and saves nothing until they are mended", async () => {
  const { page, context } = await app.open();
  const palette = await openPalette(page, "init-system");
  await palette.getByTestId("kind-define").click();
  const form = page.getByTestId("kind-form");
  await form.waitFor();
  await form.locator('[data-testid="kind-figure"][data-figure="cores"]').fill("two");
  await form.getByTestId("kind-save").click();
  const errors = form.getByTestId("error");
  await errors.first().waitFor();
  const messages = (await errors.allInnerTexts()).join("\n");
  assert.match(messages, /name/i);
  assert.match(messages, /category/i);
  assert.match(messages, /ASSUMPTION/);
  assert.match(messages, /“two” is not a number/);
  assert.equal(await form.getByTestId("kind-name").getAttribute("aria-invalid"), "true");
  // Focus goes to the first field to mend.
  await page.waitForFunction(() => document.activeElement?.dataset.testid === "kind-name");
  assert.doesNotMatch(await modelText(page), /\[\[kinds\]\]/, "nothing was defined");

  await form.getByTestId("kind-name").fill("Cron host");
  await form.getByTestId("kind-category").fill("compute");
  await form.getByTestId("kind-source").fill("https://example.org/our-cron-costs");
  await form.locator('[data-testid="kind-figure"][data-figure="cores"]').fill("0.5");
  await form.getByTestId("kind-add-to-option").uncheck();
  await form.getByTestId("kind-save").click();
  // Without "also add", saving goes back to the search, where the kind is now listed.
  const row = palette.locator('[data-testid="custom-kind"][data-kind="cron-host"]');
  await row.waitFor();
  await waitForModelText(page, { present: ['id = "cron-host"', "cores = 0.5"] });
  await context.close();
});

test("a kind is edited in the same form, and removing a kind in use is refused with the core's reason", async () => {
  const { page, context } = await app.open();
  await defineBatchRunner(page, "kubernetes");
  const palette = await openPalette(page, "init-system");
  const row = palette.locator('[data-testid="custom-kind"][data-kind="batch-runner"]');
  await row.getByTestId("kind-remove").click();
  const refusal = row.getByTestId("error");
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /still used by .*batch-runner/);
  assert.match(await modelText(page), /id = "batch-runner"/, "the kind stays");

  await row.getByTestId("kind-edit").click();
  const form = page.getByTestId("kind-form");
  await form.waitFor();
  assert.equal(await form.getByTestId("kind-name").inputValue(), "Batch runner");
  assert.equal(await form.getByTestId("kind-id").innerText(), "batch-runner");
  assert.equal(
    await form.locator('[data-testid="kind-figure"][data-figure="routine_hours_month"]').inputValue(),
    "10",
  );
  await form.locator('[data-testid="kind-requirement"][data-kind="etcd-cluster"]').waitFor();
  const before = await opsHours(page, "kubernetes");
  await form.locator('[data-testid="kind-figure"][data-figure="routine_hours_month"]').fill("30");
  await form.getByTestId("kind-save").click();
  await row.waitFor();
  await untilOpsHoursChange(page, "kubernetes", before);
  const after = await opsHours(page, "kubernetes");
  assert.ok(Math.abs(after - before - 20) < 0.51, `20 more routine hours: ${before} → ${after}`);
  await context.close();
});

test("the kind form works by keyboard alone: Enter on an empty search opens it, Escape goes back", async () => {
  const { page, context } = await app.open();
  await option(page, "init-system").getByTestId("add-component").focus();
  await page.keyboard.press("Enter");
  await page.getByTestId("palette").waitFor();
  await page.keyboard.type("Nomad scheduler");
  await page.keyboard.press("Enter");
  const form = page.getByTestId("kind-form");
  await form.waitFor();
  const name = form.getByTestId("kind-name");
  await page.waitForFunction(() => document.activeElement?.dataset.testid === "kind-name");
  assert.equal(await name.inputValue(), "Nomad scheduler");
  await page.keyboard.press("Escape");
  await form.waitFor({ state: "detached" });
  assert.equal(await page.getByTestId("palette").count(), 1, "Escape leaves the form, not the palette");
  await page.waitForFunction(() => document.activeElement?.dataset.testid === "palette-search");

  await page.getByTestId("kind-define").focus();
  await page.keyboard.press("Enter");
  await form.waitFor();
  await page.waitForFunction(() => document.activeElement?.dataset.testid === "kind-name");
  // The search still finds nothing, so its text is offered as the name again.
  assert.equal(await name.inputValue(), "Nomad scheduler");
  await page.keyboard.press("Control+A");
  await page.keyboard.type("Nomad");
  await page.keyboard.press("Tab"); // the category
  await page.keyboard.type("orchestration");
  await form.getByTestId("kind-source").focus();
  await page.keyboard.type("ASSUMPTION: like a small Kubernetes");
  await page.keyboard.press("Enter"); // submits the form
  await node(page, "init-system", "nomad").waitFor();
  await context.close();
});

test("axe-core finds no serious or critical violation with the kind form open", async () => {
  const { page, context } = await app.open("", { bypassCSP: true });
  await loadAxe(page);
  const check = (where) => assertAccessible(page, where);
  const palette = await openPalette(page, "kubernetes");
  await palette.getByTestId("kind-define").click();
  const form = page.getByTestId("kind-form");
  await form.waitFor();
  await form.getByTestId("kind-require-kind").selectOption("etcd-cluster");
  await form.getByTestId("kind-require-add").click();
  await form.getByTestId("kind-save").click(); // shows the field errors too
  await form.getByTestId("error").first().waitFor();
  await check("kind form with errors");
  await context.close();
});
