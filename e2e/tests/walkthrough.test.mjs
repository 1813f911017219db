// The walkthrough (issue 9): a newcomer's guided tour of one option, from the workload down, by
// button and by keyboard, and a link that opens straight into it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { setUp, option, loadAxe, assertAccessible } from "./harness.mjs";

let app;
before(async () => {
  app = await setUp();
});
after(async () => {
  await app?.close();
});

/** The component the tour shows, once it shows `id`. */
async function stepShows(page, id) {
  await page.waitForFunction(
    (id) => document.querySelector('[data-testid="walkthrough-step"]')?.dataset.id === id,
    id,
  );
  return page.getByTestId("walkthrough-step").innerText();
}

test("a walkthrough goes from the workload down, by keyboard, with each component highlighted", async () => {
  const { page, context, problems } = await app.open("", { bypassCSP: true });
  await option(page, "kubernetes").getByTestId("walkthrough").click();
  // The storage daemon, the workload, comes first; the panel has the focus.
  await stepShows(page, "storage");
  // What it is: its kind's words, which load after the first paint.
  const words = JSON.parse(readFileSync(new URL("../../public/catalog-texts.json", import.meta.url), "utf8"));
  await page.getByTestId("walkthrough-step").getByText(words.versions["2"].kinds["storage-daemon"].summary).waitFor();
  const first = await stepShows(page, "storage");
  assert.match(first, /^Storage daemon\n/);
  assert.match(first, /Why it is here\s+Part of the option as drawn\./);
  assert.match(first, /What it needs\s+It is managed by Kubernetes control plane; runs on Kubernetes node agent\./);
  assert.match(first, /What it costs\s+[\d.]+ h a month of the team's time/);
  assert.match(first, /What breaks without it\s+Without it, nothing else stops\./);
  const selected = () =>
    page.evaluate(() => document.querySelector('[data-option-id="kubernetes"] .node.selected')?.dataset.id);
  assert.equal(await selected(), "storage");
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("walkthrough")), true);

  // The arrow keys move on and back; the node agent is next, what the storage runs on.
  await page.keyboard.press("ArrowRight");
  const next = await stepShows(page, "node-agent");
  assert.match(next, /Without it, these stop: Storage daemon\./);
  assert.equal(await selected(), "node-agent");
  await page.keyboard.press("ArrowLeft");
  await stepShows(page, "storage");
  assert.equal(await page.getByTestId("walkthrough-back").isDisabled(), true);
  await page.getByTestId("walkthrough-next").click();
  await stepShows(page, "node-agent");
  // Down the storage's chain to the server, then what manages it, then monitoring and what
  // monitoring needs: node-exporter is last.
  const seen = ["storage", "node-agent"];
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press("ArrowRight");
    seen.push(await page.getByTestId("walkthrough-step").getAttribute("data-id"));
  }
  assert.deepEqual(seen, [
    "storage", "node-agent", "systemd", "server", "ansible", "k8s-control-plane", "monitoring", "node-exporter",
  ]);
  assert.equal(await page.getByTestId("walkthrough-next").isDisabled(), true);
  await loadAxe(page);
  await assertAccessible(page, "walkthrough");

  await page.keyboard.press("Escape");
  await page.getByTestId("walkthrough-step").waitFor({ state: "detached" });
  assert.equal(await selected(), undefined);
  assert.deepEqual(problems, []);
  await context.close();
});

/** The walkthrough's "Link that opens here" once it carries a document, other than `than`. */
async function tourLinkOtherThan(page, than = "") {
  const href = await page.waitForFunction((than) => {
    const link = [...document.querySelectorAll(".walkthrough a")].find((a) => a.textContent === "Link that opens here");
    const href = link?.getAttribute("href") ?? "";
    return href.includes("#v3.") && href !== than && href;
  }, than);
  return href.jsonValue();
}

test("a link opens straight into an option's walkthrough", async () => {
  const { page, context, problems } = await app.open("?walkthrough=kubernetes");
  await stepShows(page, "storage");
  assert.match(await page.locator(".walkthrough").getAttribute("aria-label"), /Walkthrough of Storage daemons on Kubernetes/);
  // The link carries the document, as the address bar does once the page has painted it.
  const link = await tourLinkOtherThan(page);
  assert.match(link, /\?walkthrough=kubernetes#v3\./);
  assert.equal(new URL(link).hash, new URL(page.url()).hash);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the walkthrough's link follows the document as it is edited", async () => {
  const { page, context, problems } = await app.open("?walkthrough=kubernetes");
  await stepShows(page, "storage");
  const before = await tourLinkOtherThan(page);
  await page.getByTestId("fleet-servers").fill("16");
  const after = await tourLinkOtherThan(page, before);
  assert.equal(new URL(after).hash, new URL(page.url()).hash, "the link holds the edited document, as the address does");
  assert.deepEqual(problems, []);
  await context.close();
});
