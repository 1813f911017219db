// The failure view (issue 9): selecting a component marks what its failure takes down in its
// option's graph, what stops and what only degrades ("managed by").
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setUp, option } from "./harness.mjs";

let app;
before(async () => {
  app = await setUp();
});
after(async () => {
  await app?.close();
});

/** The ids of option `id`'s nodes marked `data-blast`, by mark. */
async function blast(page, id) {
  return option(page, id)
    .locator('[data-testid="graph-node"][data-blast]')
    .evaluateAll((nodes) =>
      Object.fromEntries(
        ["stops", "degrades"].map((mark) => [
          mark,
          nodes.filter((n) => n.dataset.blast === mark).map((n) => n.dataset.id).sort(),
        ]),
      ),
    );
}

test("selecting a component marks what stops and what degrades when it fails", async () => {
  const { page, context, problems } = await app.open();
  const k8s = option(page, "kubernetes");
  const node = (kind) => k8s.locator(`[data-testid="graph-node"][data-kind="${kind}"]`);

  // The control plane stops nothing: the daemons run on; what it manages cannot change.
  await node("k8s-control-plane").click();
  await page.waitForFunction(() => document.querySelectorAll('[data-blast="degrades"]').length > 0);
  assert.deepEqual(await blast(page, "kubernetes"), { stops: [], degrades: ["node-agent", "storage"] });
  const details = page.getByTestId("component-details");
  assert.match(await details.innerText(), /Degrades \(keeps running, but cannot change, and is not started again if it stops\): Kubernetes node agent, Storage daemon\./);

  // The node agent: the storage daemons run on it, so they stop.
  await node("k8s-node-agent").click();
  await page.waitForFunction(() => document.querySelectorAll('[data-blast="degrades"]').length === 0);
  assert.deepEqual(await blast(page, "kubernetes"), { stops: ["storage"], degrades: [] });
  // The other option's graph is not marked.
  assert.deepEqual(await blast(page, "init-system"), { stops: [], degrades: [] });

  // Closing the details clears the marks.
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => document.querySelectorAll("[data-blast]").length === 0);
  assert.deepEqual(problems, []);
  await context.close();
});
