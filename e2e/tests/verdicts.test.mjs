// Each option's verdict and flip point (issue 8), as a reader meets them: they follow the
// context, and a model too big to search says so.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { setUp, option } from "./harness.mjs";

const BIG_LINK = new URL("../fixtures/dense-1000-components-5000-edges.link", import.meta.url);

let app;
before(async () => {
  app = await setUp();
});
after(async () => {
  await app?.close();
});

/** Waits until option `id`'s flip point says something matching `pattern`, and returns it. */
async function flipPoint(page, id, pattern) {
  const flip = option(page, id).getByTestId("flip-point");
  await page.waitForFunction(
    ([id, source]) =>
      new RegExp(source).test(
        document.querySelector(`[data-testid="option"][data-option-id="${id}"] [data-testid="flip-point"]`)?.textContent ?? "",
      ),
    [id, pattern.source],
  );
  return flip.innerText();
}

test("every option states a verdict and where it flips", async () => {
  const { page, context, problems } = await app.open();
  assert.equal(await option(page, "init-system").getByTestId("verdict").innerText(), "The baseline.");
  assert.match(
    await option(page, "kubernetes").getByTestId("verdict").innerText(),
    /^Costs more every month: \$1,821 a month more than it is worth here\.$/,
  );
  // The storage team's reasoning: only where the fleet can shed servers and the data can move,
  // and then only on a large fleet.
  assert.equal(
    await flipPoint(page, "kubernetes", /flips it/),
    "No single change flips it; on an elastic fleet with a stateless workload it would be worth it at 44 servers or more (today on a fixed fleet with a stateful workload, 12 servers).",
  );
  assert.match(await flipPoint(page, "init-system", /Nothing to flip/), /weighed against it/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the verdict and the flip point follow the context across the flip point", async () => {
  const { page, context, problems } = await app.open();
  await page.getByTestId("scenario-picker").selectOption("inventory");
  const netbox = option(page, "netbox");
  await netbox.waitFor();
  assert.match(await netbox.getByTestId("verdict").innerText(), /^Would pay back its \$18,600 in 98 months/);
  assert.equal(
    await flipPoint(page, "netbox", /servers/),
    "Worth it only at 424 servers or more (today 300 servers).",
  );
  // Past the flip point, the verdict turns, and the flip point now says where it turns back.
  await page.getByTestId("fleet-servers").fill("450");
  await page.waitForFunction(() =>
    /^Pays back in/.test(document.querySelector('[data-option-id="netbox"] [data-testid="verdict"]')?.textContent ?? ""),
  );
  assert.equal(await netbox.getByTestId("verdict").innerText(), "Pays back in 32 months, then gains $585 a month.");
  assert.equal(
    await flipPoint(page, "netbox", /today 450/),
    "Stops being worth it at 423 servers or fewer (today 450 servers).",
  );
  assert.deepEqual(problems, []);
  await context.close();
});

test("a model too big to search says so instead of searching", async () => {
  const { page, context, problems } = await app.open(`#${(await readFile(BIG_LINK, "utf8")).trim()}`);
  assert.match(await flipPoint(page, "generated", /Not searched/), /components, finding where the verdict flips would take too long here/);
  assert.notEqual(await option(page, "generated").getByTestId("verdict").innerText(), "");
  assert.deepEqual(problems, []);
  await context.close();
});
