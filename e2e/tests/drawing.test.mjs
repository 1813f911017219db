// How graphs reach the page: a changed drawing patches the SVG already there (what did not
// change stays the same element), and graphs too big to lay out between two frames are laid out
// in the layout worker, or in the page when the worker cannot start.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { setUp, option, node, loadAxe, assertAccessible } from "./harness.mjs";

const LAYOUT_WORKER = /\/layout-worker(_loader\.js|\.js|_bg\.wasm)$/;
const BIG_LINK = new URL("../fixtures/dense-1000-components-5000-edges.link", import.meta.url);
const LONG_TEXT_LINK = new URL("../fixtures/200-components-1000-edges.link", import.meta.url);
const OVERVIEW_LINK = new URL("../fixtures/dense-2000-components-4000-edges.link", import.meta.url);

let app;
before(async () => {
  app = await setUp();
});
after(async () => {
  await app?.close();
});

/** Where the generated option's graph places each node and edge, by key. */
function placesOf() {
  const places = {};
  // Sorted keys, so that two drawings compare as JSON whatever their element order.
  const graph = document.querySelector('[data-testid="option"][data-option-id="generated"] [data-testid="graph"]');
  for (const node of graph.querySelectorAll('[data-testid="graph-node"]')) places[node.dataset.id] = node.getAttribute("transform");
  for (const edge of graph.querySelectorAll('[data-testid="graph-edge"]')) {
    places[`${edge.dataset.from}→${edge.dataset.to}·${edge.dataset.relation}`] = edge.getAttribute("d");
  }
  return Object.fromEntries(Object.entries(places).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Marks every node element of an option's graph, so that a test can tell a kept element. */
async function markNodes(page, optionId) {
  return page.evaluate((id) => {
    const nodes = document.querySelectorAll(`[data-testid="option"][data-option-id="${id}"] [data-testid="graph-node"]`);
    for (const element of nodes) element.dataset.marked = "yes";
    return nodes.length;
  }, optionId);
}

test("a connection patches the graph: the new edge is drawn and the untouched nodes stay the same elements", async () => {
  const { page, context, problems } = await app.open();
  const edges = option(page, "kubernetes").locator('[data-testid="graph-edge"]');
  const edgesBefore = await edges.count();
  const marked = await markNodes(page, "kubernetes");
  await node(page, "kubernetes", "monitoring").click();
  const details = page.getByTestId("component-details");
  await details.getByTestId("connect-target").selectOption("storage");
  await details.getByTestId("connect-relation").selectOption("depends on");
  await details.getByTestId("connect").click();
  await option(page, "kubernetes").locator('[data-testid="graph-edge"][data-from="monitoring"][data-to="storage"]').waitFor();
  assert.equal(await edges.count(), edgesBefore + 1);
  // A rebuilt drawing would have lost every mark; a patched one remakes only the nodes whose
  // text changed: storage, which monitoring now depends on (its accessible name says so).
  const remade = await option(page, "kubernetes").locator('[data-testid="graph-node"]:not([data-marked])').evaluateAll(
    (nodes) => nodes.map((n) => n.dataset.id),
  );
  assert.deepEqual(remade, ["storage"]);
  assert.equal(await option(page, "kubernetes").locator('[data-testid="graph-node"][data-marked="yes"]').count(), marked - 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a big graph is laid out in the layout worker, and a small one never asks for it", async () => {
  // Without the service worker, which fetches every built file for offline use once the page
  // has loaded: what the page itself asks for is what is tested.
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: "block" });
  const requests = [];
  context.on("request", (request) => requests.push(new URL(request.url()).pathname));
  const page = await context.newPage();
  await page.goto(app.url);
  await page.waitForSelector('[data-testid="graph-node"]');
  await page.waitForLoadState("networkidle");
  assert.deepEqual(requests.filter((path) => LAYOUT_WORKER.test(path)), [], "no layout worker for the landing page");

  const link = (await readFile(BIG_LINK, "utf8")).trim();
  const started = page.waitForEvent("worker");
  await page.goto(`${app.url}#${link}`);
  await page.reload();
  const generated = option(page, "generated");
  await generated.locator('[data-testid="graph-node"]').first().waitFor();
  assert.match((await started).url(), /\/layout-worker_loader\.js$/);
  // A structural edit of the big option: the new component is drawn once its layout is back.
  const nodesBefore = await generated.locator('[data-testid="graph-node"]').count();
  await generated.getByTestId("add-component").click();
  await page.getByTestId("palette-search").fill("patroni");
  await page.getByTestId("palette-search").press("Enter");
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-option-id="generated"] [data-testid="graph-node"]').length > n,
    nodesBefore,
  );
  // The patched drawing, once its last moves are made, is the drawing of the edited document
  // opened afresh: every node and edge where a new page draws it.
  // The new component is selected (its details are open), so its edges are drawn: the fresh
  // page selects it too.
  const added = await generated.locator('[data-testid="graph-node"].selected').getAttribute("data-id");
  const fresh = await context.newPage();
  await fresh.goto(page.url());
  await option(fresh, "generated").locator(`[data-testid="graph-node"][data-id="${added}"]`).click();
  await option(fresh, "generated").locator('[data-testid="graph-edge"]').first().waitFor();
  const places = await fresh.evaluate(placesOf);
  assert.ok(Object.keys(places).length > 1000, "every node is compared");
  assert.ok(Object.keys(places).some((key) => key.includes("→")), "and the drawn edges");
  // The edited page may still be waiting for the worker's layout: look again after each frame.
  let patched = await page.evaluate(placesOf);
  for (let frame = 0; frame < 600 && JSON.stringify(patched) !== JSON.stringify(places); frame++) {
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done())));
    patched = await page.evaluate(placesOf);
  }
  assert.deepEqual(patched, places);
  await context.close();
});

test("when the layout worker cannot start, a big graph is laid out in the page", async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.route(LAYOUT_WORKER, (route) => route.fulfill({ status: 404, body: "" }));
  const page = await context.newPage();
  const link = (await readFile(BIG_LINK, "utf8")).trim();
  await page.goto(`${app.url}#${link}`);
  const generated = option(page, "generated");
  await generated.getByTestId("net-monthly-value").waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-option-id="generated"] [data-testid="graph-node"]').length >= 1000);
  await context.close();
});

test("a big graph's nodes are put on the page a part each frame, and a node put there last is marked when selected", async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
  // How many nodes each frame shows, from before the page's script runs.
  await context.addInitScript(() => {
    window.nodesByFrame = [];
    const count = () => {
      const nodes = document.querySelectorAll('[data-option-id="generated"] [data-testid="graph-node"]').length;
      // The nodes in the first frame that shows the graph's SVG.
      if (document.querySelector('[data-option-id="generated"] .graph-host svg')) window.firstShown ??= nodes;
      if (nodes !== (window.nodesByFrame.at(-1) ?? 0)) window.nodesByFrame.push(nodes);
      requestAnimationFrame(count);
    };
    requestAnimationFrame(count);
  });
  const page = await context.newPage();
  await page.goto(`${app.url}#${(await readFile(BIG_LINK, "utf8")).trim()}`);
  const generated = option(page, "generated");
  await page.waitForFunction(() => window.nodesByFrame.at(-1) >= 1000);
  const byFrame = await page.evaluate(() => window.nodesByFrame);
  // The task that makes the drawing puts none of its nodes there: they come from the next frame.
  assert.equal(await page.evaluate(() => window.firstShown), 0, `in parts: ${byFrame}`);
  // 50 a frame (`REVEAL_AT_ONCE`): frames that put 100 nodes on the page took 50-80 ms to render.
  assert.ok(byFrame.length >= 20, `in parts: ${byFrame}`);
  assert.ok(byFrame.every((count, i) => count - (byFrame[i - 1] ?? 0) <= 50), `at most 50 a frame: ${byFrame}`);
  const ids = await generated.locator('[data-testid="graph-node"]').evaluateAll((nodes) => nodes.map((n) => n.dataset.id));
  assert.equal(new Set(ids).size, ids.length, "each node once");
  const last = generated.locator(`[data-testid="graph-node"][data-id="${ids.at(-1)}"]`);
  await last.click();
  await page.getByTestId("component-details").waitFor();
  await generated.locator('[data-testid="graph-node"].selected').waitFor();
  assert.equal(await generated.locator('[data-testid="graph-node"].selected').getAttribute("data-id"), ids.at(-1));
  await context.close();
});

test("a node selected while a big graph's nodes are still being put on the page is marked once they are all there", async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
  // In the first frame that shows some of the nodes but not all, a click on the first one.
  await context.addInitScript(() => {
    const look = () => {
      const nodes = document.querySelectorAll('[data-option-id="generated"] [data-testid="graph-node"]');
      if (nodes.length > 0 && nodes.length < 1000) {
        window.clicked = { id: nodes[0].dataset.id, shown: nodes.length };
        nodes[0].dispatchEvent(new MouseEvent("click", { bubbles: true }));
      } else {
        requestAnimationFrame(look);
      }
    };
    requestAnimationFrame(look);
  });
  const page = await context.newPage();
  await page.goto(`${app.url}#${(await readFile(BIG_LINK, "utf8")).trim()}`);
  const generated = option(page, "generated");
  await page.waitForFunction(() => window.clicked !== undefined);
  const clicked = await page.evaluate(() => window.clicked);
  await page.waitForFunction(
    () => document.querySelectorAll('[data-option-id="generated"] [data-testid="graph-node"]').length >= 1000,
  );
  await page.getByTestId("component-details").waitFor();
  await generated.locator('[data-testid="graph-node"].selected').waitFor();
  assert.deepEqual(
    await generated.locator('[data-testid="graph-node"].selected').evaluateAll((nodes) => nodes.map((n) => n.dataset.id)),
    [clicked.id],
    `clicked with ${clicked.shown} nodes shown`,
  );
  const ids = await generated.locator('[data-testid="graph-node"]').evaluateAll((nodes) => nodes.map((n) => n.dataset.id));
  assert.equal(new Set(ids).size, ids.length, "each node once");
  await context.close();
});

test("a long model text (200 components, 95 KB) is written into the editor when the editor comes into view, not after every edit", async () => {
  const { page, context, problems } = await app.open(`#${(await readFile(LONG_TEXT_LINK, "utf8")).trim()}`);
  await option(page, "generated").getByTestId("net-monthly-value").waitFor();
  await page.getByTestId("fleet-servers").fill("13");
  await page.waitForFunction(() => document.querySelector('[data-testid="fleet-servers"]')?.value === "13");
  // Far below the graphs, the editor has not been written to: laying out its thousands of
  // lines would follow every edit.
  const text = page.getByTestId("model-text");
  assert.equal(await text.inputValue(), "");
  await text.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('[data-testid="model-text"]')?.value.includes("servers = 13"));
  assert.equal(await text.getAttribute("placeholder"), null, "nothing held back");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a very long model text (1,000 components, 470 KB) is written only while the editor is focused, and says so", async () => {
  const { page, context, problems } = await app.open(`#${(await readFile(BIG_LINK, "utf8")).trim()}`);
  await option(page, "generated").getByTestId("net-monthly-value").waitFor();
  const text = page.getByTestId("model-text");
  await text.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => /model's text is over 128 KB/.test(document.querySelector('[data-testid="model-text"]')?.placeholder ?? ""));
  assert.equal(await text.inputValue(), "", "in view, the text is still held back");
  await text.focus();
  await page.waitForFunction(() => document.querySelector('[data-testid="model-text"]')?.value.includes("servers = 12"));
  assert.equal(await text.getAttribute("placeholder"), null);
  // An edit in the page, with the editor no longer focused, takes the out-of-date text out.
  await page.getByTestId("fleet-servers").fill("13");
  await page.waitForFunction(() => document.querySelector('[data-testid="model-text"]')?.value === "");
  assert.match(await text.getAttribute("placeholder"), /written here when you click or tab into this field/);
  await text.focus();
  await page.waitForFunction(() => document.querySelector('[data-testid="model-text"]')?.value.includes("servers = 13"));
  // Held back again, the text is not written after each edit; a document made short again is
  // written without waiting for the focus.
  await page.getByTestId("fleet-servers").fill("14");
  await page.waitForFunction(() => document.querySelector('[data-testid="model-text"]')?.value === "");
  await option(page, "generated").getByTestId("option-delete").click();
  await page.waitForFunction(() => {
    const shown = document.querySelector('[data-testid="model-text"]')?.value ?? "";
    return shown.includes("servers = 14") && !shown.includes('id = "generated"');
  });
  assert.equal(await text.getAttribute("placeholder"), null);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the selected node is marked, and only it, and stays marked when its graph is redrawn", async () => {
  const { page, context } = await app.open();
  const marked = () =>
    option(page, "kubernetes").locator('[data-testid="graph-node"].selected').evaluateAll((nodes) => nodes.map((n) => n.dataset.id));
  await option(page, "kubernetes").locator('[data-testid="graph-node"][data-id="storage"]').click();
  await page.getByTestId("component-details").waitFor();
  assert.deepEqual(await marked(), ["storage"]);
  await option(page, "kubernetes").locator('[data-testid="graph-node"][data-id="monitoring"]').click();
  await page.waitForFunction(() => document.querySelector('[data-option-id="kubernetes"] [data-testid="graph-node"].selected')?.dataset.id === "monitoring");
  assert.deepEqual(await marked(), ["monitoring"]);
  // A connection redraws the graph (monitoring's node is kept, storage's remade): the mark stays.
  const details = page.getByTestId("component-details");
  await details.getByTestId("connect-target").selectOption("storage");
  await details.getByTestId("connect-relation").selectOption("depends on");
  await details.getByTestId("connect").click();
  await option(page, "kubernetes").locator('[data-testid="graph-edge"][data-from="monitoring"][data-to="storage"]').waitFor();
  assert.deepEqual(await marked(), ["monitoring"]);
  await context.close();
});

test("an option too big to draw one by one is an overview by kind; a kind lists its components, and one opens its details", async () => {
  // Without the CSP, for axe-core (the page's policy forbids the eval it needs).
  const { page, context, problems } = await app.open("", { bypassCSP: true });
  const link = (await readFile(OVERVIEW_LINK, "utf8")).trim();
  await page.goto(`${app.url}#${link}`);
  const generated = option(page, "generated");
  const graph = generated.getByTestId("graph");
  await graph.and(page.locator('[data-overview="true"]')).waitFor();
  const note = await generated.getByTestId("graph-simplified").textContent();
  const [, total, kinds] = note.match(/^Overview: ([\d,]+) components of (\d+) kinds/);
  const nodes = generated.getByTestId("graph-node");
  assert.equal(await nodes.count(), Number(kinds));
  // Its kinds join nearly every other: the busiest links are drawn, and the note says so.
  const [, drawn] = note.match(/ Only the (\d+) busiest of [\d,]+ links between kinds are drawn\.$/);
  await page.waitForFunction(
    (count) => document.querySelectorAll('[data-option-id="generated"] [data-testid="graph-edge"]').length === count,
    Number(drawn),
  );
  const perKind = await nodes.evaluateAll((all) => all.map((n) => [n.dataset.kind, n.dataset.group, n.querySelector(".node-meta").textContent]));
  assert.equal(new Set(perKind.map(([kind]) => kind)).size, perKind.length, "one node per kind");
  assert.ok(perKind.every(([, group]) => group === "true"));
  const counted = perKind.reduce((sum, [, , meta]) => sum + Number(meta.match(/×([\d,]+)/)[1].replace(/,/g, "")), 0);
  assert.equal(counted, Number(total.replace(/,/g, "")), "the kinds' counts add up to the option's components");

  // A kind lists its components; one of them, found by typing, opens its details.
  const [kind, , meta] = perKind[2];
  await generated.locator(`[data-testid="graph-node"][data-kind="${kind}"]`).click();
  const members = generated.getByTestId("kind-members");
  await members.waitFor();
  await loadAxe(page);
  await assertAccessible(page, "an overview with a kind's components listed");
  const count = Number(meta.match(/×([\d,]+)/)[1].replace(/,/g, ""));
  assert.match(await members.locator("h4").textContent(), new RegExp(`: ${count} components$`));
  assert.equal(await members.getByTestId("kind-member").count(), Math.min(count, 100));
  const wanted = await members.getByTestId("kind-member").last().getAttribute("data-id");
  await members.getByTestId("kind-members-filter").fill(wanted);
  const member = members.locator(`[data-testid="kind-member"][data-id="${wanted}"]`);
  const label = (await member.textContent()).replace(wanted, "").trim();
  await member.click();
  const details = page.getByTestId("component-details");
  await details.waitFor();
  assert.equal(await details.locator("h2").textContent(), label);
  await page.keyboard.press("Escape");

  // The same kind again, by keyboard, hides the list.
  await generated.locator(`[data-testid="graph-node"][data-kind="${kind}"]`).focus();
  await page.keyboard.press("Enter");
  await members.waitFor({ state: "detached" });

  // An edit follows: a component added to the big option is counted in the overview.
  await generated.getByTestId("add-component").click();
  await page.getByTestId("palette-search").fill("patroni");
  await page.getByTestId("palette-search").press("Enter");
  await page.waitForFunction(
    (before) => {
      const note = document.querySelector('[data-option-id="generated"] [data-testid="graph-simplified"]')?.textContent ?? "";
      return note.startsWith("Overview:") && !note.includes(`${before} components`);
    },
    total,
  );
  assert.deepEqual(problems, []);
  await context.close();
});

test("a context edit keeps every node, and draws again only a single point of failure that comes or goes", async () => {
  const { page, context, problems } = await app.open();
  const spofs = () =>
    option(page, "kubernetes").locator('[data-testid="graph-node"].spof').evaluateAll((nodes) => nodes.map((n) => n.dataset.id).sort());
  const described = () =>
    option(page, "kubernetes").locator('[data-testid="graph-node"][data-id="storage"]').getAttribute("aria-description");
  await page.waitForFunction(() => document.querySelector('[data-option-id="kubernetes"] [data-id="storage"]')?.hasAttribute("aria-description"));
  const atTwelve = await spofs();
  const nodes = await markNodes(page, "kubernetes");
  const said = await described();
  await page.getByTestId("fleet-servers").fill("24");
  await page.waitForFunction(
    (said) => document.querySelector('[data-option-id="kubernetes"] [data-id="storage"]').getAttribute("aria-description") !== said,
    said,
  );
  assert.equal(await option(page, "kubernetes").locator('[data-testid="graph-node"][data-marked="yes"]').count(), nodes, "every node kept");
  assert.deepEqual(await spofs(), atTwelve);
  // On one server, what runs once a server stops what runs on it when it fails.
  await page.getByTestId("fleet-servers").fill("1");
  await page.waitForFunction(
    (count) => document.querySelectorAll('[data-option-id="kubernetes"] [data-testid="graph-node"].spof').length > count,
    atTwelve.length,
  );
  assert.ok((await spofs()).includes("server"), `${await spofs()}`);
  await page.getByTestId("fleet-servers").fill("12");
  await page.waitForFunction(
    (count) => document.querySelectorAll('[data-option-id="kubernetes"] [data-testid="graph-node"].spof').length === count,
    atTwelve.length,
  );
  assert.deepEqual(await spofs(), atTwelve);
  assert.deepEqual(problems, []);
  await context.close();
});
