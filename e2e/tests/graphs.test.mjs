// Graphs a reader can read (issue 7), measured from outside at 1280×800 on every built-in
// scenario: no node cut off by its SVG or overlapping another, no label cut to an ellipsis, and
// no graph shrunk below the size its text was drawn for (three options stack one per row).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { setUp } from "./harness.mjs";

let app;
before(async () => {
  app = await setUp();
});
after(async () => {
  await app?.close();
});

test("every built-in scenario's graphs are whole, apart, uncut and drawn at full size", async () => {
  const { page, context, problems } = await app.open();
  const scenarios = await page
    .getByTestId("scenario-picker")
    .locator("option:not([disabled])")
    .evaluateAll((options) => options.map((o) => o.value));
  assert.equal(scenarios.length, 5);
  for (const scenario of scenarios) {
    await page.getByTestId("scenario-picker").selectOption(scenario);
    await page.waitForFunction(
      (id) => document.querySelector('[data-testid="scenario-picker"]').value === id,
      scenario,
    );
    await page.waitForSelector('[data-testid="graph"]');
    const report = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="graph"]')].map((svg) => {
        const box = svg.getBoundingClientRect();
        const scale = box.width / Number(svg.getAttribute("width"));
        const nodes = [...svg.querySelectorAll('[data-testid="graph-node"]')].map((n) => {
          const r = n.querySelector("rect").getBoundingClientRect();
          return { id: n.getAttribute("data-id"), x: r.x, y: r.y, w: r.width, h: r.height, text: n.textContent };
        });
        return { option: svg.getAttribute("data-option-id"), box: { x: box.x, y: box.y, w: box.width, h: box.height }, scale, nodes };
      }),
    );
    for (const graph of report) {
      const where = `${scenario} / ${graph.option}`;
      assert.ok(graph.scale > 0.99, `${where}: drawn at ${graph.scale.toFixed(2)} of its size`);
      for (const n of graph.nodes) {
        assert.ok(
          n.x >= graph.box.x - 0.5 && n.y >= graph.box.y - 0.5 &&
            n.x + n.w <= graph.box.x + graph.box.w + 0.5 && n.y + n.h <= graph.box.y + graph.box.h + 0.5,
          `${where}: ${n.id} is cut off by its SVG`,
        );
        assert.ok(!n.text.includes("…"), `${where}: ${n.id}'s text is cut: ${n.text}`);
      }
      for (let i = 0; i < graph.nodes.length; i++) {
        for (let j = i + 1; j < graph.nodes.length; j++) {
          const a = graph.nodes[i];
          const b = graph.nodes[j];
          const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
          assert.ok(!overlap, `${where}: ${a.id} overlaps ${b.id}`);
        }
      }
    }
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("with three options, each option takes a row, so no graph is squeezed", async () => {
  const { page, context } = await app.open();
  await page.locator('[data-testid="option"][data-option-id="kubernetes"]').getByTestId("option-duplicate").click();
  await page.locator('[data-testid="option"][data-option-id="kubernetes-copy"]').waitFor();
  const widths = await page
    .getByTestId("option")
    .evaluateAll((panels) => panels.map((p) => Math.round(p.getBoundingClientRect().width)));
  assert.equal(widths.length, 3);
  const tops = await page.getByTestId("option").evaluateAll((panels) => panels.map((p) => p.getBoundingClientRect().top));
  assert.ok(tops[0] < tops[1] && tops[1] < tops[2], `one per row: ${tops}`);
  const scales = await page
    .getByTestId("graph")
    .evaluateAll((svgs) => svgs.map((s) => s.getBoundingClientRect().width / Number(s.getAttribute("width"))));
  for (const scale of scales) assert.ok(scale > 0.99, `drawn at ${scale}`);
  await context.close();
});
