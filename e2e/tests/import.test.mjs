// Imports of what teams run (issue 11): a docker-compose file chosen as a file and Kubernetes
// manifests pasted as text become options of the open document, with what could not be mapped
// listed; broken YAML says where and changes nothing; the importer is not part of the first load.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { readFile } from "node:fs/promises";
import { setUp, option, loadAxe, assertAccessible } from "./harness.mjs";

const COMPOSE = fileURLToPath(new URL("../../core/tests/import/compose-shop.yml", import.meta.url));
const MANIFESTS = new URL("../../core/tests/import/k8s-shop.yaml", import.meta.url);
const isImporterFile = (url) => /\/import-worker(_loader\.js|\.js|_bg\.wasm)$/.test(new URL(url).pathname);

let app;
before(async () => {
  app = await setUp();
});
after(async () => {
  await app?.close();
});

async function openImport(page) {
  await page.locator(".import-panel summary").click();
  await page.getByTestId("import-text").waitFor();
}

/** The drawn edges of an option, as "from -> to". */
const edges = (page, id) =>
  option(page, id)
    .locator('[data-testid="graph-edge"]')
    .evaluateAll((lines) => lines.map((l) => `${l.dataset.from} -> ${l.dataset.to}`));

test("a compose file becomes an option with its services and edges, and what is not mapped is listed", async () => {
  const { page, context, problems } = await app.open();
  const requests = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.waitForLoadState("networkidle");
  assert.deepEqual(requests.filter(isImporterFile), [], "nothing of the importer before an import");

  await openImport(page);
  const started = page.waitForEvent("worker");
  await page.getByTestId("import-compose").setInputFiles(COMPOSE);
  assert.match((await started).url(), /\/import-worker_loader\.js$/);
  const imported = option(page, "compose");
  await imported.waitFor();
  const ids = await imported.locator('[data-testid="graph-node"]').evaluateAll((nodes) => nodes.map((n) => n.dataset.id));
  for (const id of ["proxy", "web", "api", "worker", "db", "backup", "cache", "kafka", "zookeeper", "prometheus", "grafana", "audit"]) {
    assert.ok(ids.includes(id), `${id} in ${ids}`);
  }
  const drawn = await edges(page, "compose");
  for (const edge of ["api -> db", "web -> cache", "proxy -> web", "backup -> db", "kafka -> zookeeper", "grafana -> prometheus"]) {
    assert.ok(drawn.includes(edge), `${edge} in ${drawn}`);
  }
  const result = page.getByTestId("import-result");
  assert.match(await result.textContent(), /Added the option “Imported from docker-compose”/);
  assert.deepEqual(
    await result.getByTestId("import-unmapped").allTextContents(),
    [
      "web (built from source)",
      "api (ghcr.io/acme/shop-api:latest)",
      "worker (ghcr.io/acme/shop-api:latest)",
      "audit (registry.internal:5000/acme/audit@sha256:0123456789abcdef)",
    ],
  );
  assert.match(await result.textContent(), /`audit` extends a service of another file/);

  // A service no rule mapped is given a kind in its details.
  await imported.locator('[data-testid="graph-node"][data-id="web"]').click();
  const kind = page.getByTestId("component-details").getByTestId("component-kind");
  assert.equal(await kind.inputValue(), "microservice");
  await kind.selectOption("monolith");
  await imported.locator('[data-testid="graph-node"][data-id="web"][data-kind="monolith"]').waitFor();

  // One undo step takes the kind back, and one more the whole import.
  await page.getByTestId("undo").click();
  await imported.locator('[data-testid="graph-node"][data-id="web"][data-kind="microservice"]').waitFor();
  await page.getByTestId("undo").click();
  await imported.waitFor({ state: "detached" });
  assert.deepEqual(problems, []);
  await context.close();
});

test("pasted multi-document manifests become an option; Services connect the workloads they select", async () => {
  const { page, context, problems } = await app.open();
  await openImport(page);
  await page.getByTestId("import-text").fill(await readFile(MANIFESTS, "utf8"));
  await page.getByTestId("import-text-submit").click();
  // The landing scenario has an option `kubernetes`: the import gets an id of its own.
  const imported = option(page, "kubernetes-2");
  await imported.waitFor();
  const drawn = await edges(page, "kubernetes-2");
  for (const edge of ["web -> api", "api -> postgres", "api -> redis-master"]) {
    assert.ok(drawn.includes(edge), `${edge} in ${drawn}`);
  }
  assert.match(await page.getByTestId("import-result").textContent(), /Not imported, as they run nothing of their own: 2 ConfigMap, 1 Ingress\./);
  await loadAxe(page);
  await assertAccessible(page, "import panel");
  assert.deepEqual(problems, []);
  await context.close();
});

test("broken YAML says line:column and changes nothing", async () => {
  const { page, context, problems } = await app.open();
  const before = await page.locator('[data-testid="option"]').count();
  await openImport(page);
  await page.getByTestId("import-text").fill("services:\n  web:\n    image: [nginx\n  db: {}\n");
  await page.getByTestId("import-text-submit").click();
  const error = page.getByTestId("import-result").getByTestId("error");
  await error.waitFor();
  assert.match(await error.textContent(), /^The pasted text was not imported: 4:5: did not find expected ',' or '\]'\. Nothing was changed\.$/);
  assert.equal(await page.locator('[data-testid="option"]').count(), before);
  assert.match(await page.getByTestId("opened").textContent(), /A built-in scenario/, "no draft was forked");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a YAML file dropped on the page is imported, and the import panel opens to say what came of it", async () => {
  const { page, context, problems } = await app.open();
  const text = await readFile(MANIFESTS, "utf8");
  const transfer = await page.evaluateHandle((text) => {
    const data = new DataTransfer();
    data.items.add(new File([text], "shop.yaml", { type: "application/yaml" }));
    return data;
  }, text);
  await page.dispatchEvent("main", "drop", { dataTransfer: transfer });
  await option(page, "kubernetes-2").waitFor();
  assert.equal(await page.locator(".import-panel").evaluate((panel) => panel.open), true);
  assert.match(await page.getByTestId("import-result").textContent(), /Added the option “Imported from Kubernetes manifests”/);
  assert.deepEqual(problems, []);
  await context.close();
});

// Regression: an import listed every unmapped service and every note: 3,000 services from one
// file made two long tasks (86 and 102 ms) on the page. The first 100 are listed; the rest are
// found by typing.
test("an import of 3,000 services lists the first 100 not mapped and finds the others by what is typed", async () => {
  const { page, context, problems } = await app.open();
  const services = Array.from({ length: 3000 }, (_, i) => {
    const uses = [1, 2, 3, 4].filter((back) => back <= i).map((back) => `s${i - back}`);
    return `  s${i}:\n    image: x/s${i}\n    depends_on: [${uses.join(", ")}]`;
  });
  await openImport(page);
  const text = `services:\n${services.join("\n")}\n`;
  await page.getByTestId("import-compose").setInputFiles({ name: "compose.yml", mimeType: "text/yaml", buffer: Buffer.from(text) });
  const result = page.getByTestId("import-result");
  await result.getByTestId("import-unmapped").first().waitFor();
  assert.equal(await result.getByTestId("import-unmapped").count(), 100);
  assert.match(await result.textContent(), /and 2900 more: type to find one/);
  await result.getByTestId("import-unmapped-filter").fill("s2999");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="import-unmapped"]').length === 1);
  assert.equal(await result.getByTestId("import-unmapped").textContent(), "s2999 (x/s2999)");
  assert.deepEqual(problems, []);
  await context.close();
});

