// Decision links, drafts, undo and redo, exports and imports (issue 4), as a user meets them.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { setUp, option, netValue, amount, opsHours, untilOpsHoursChange } from "./harness.mjs";

let app;
before(async () => {
  app = await setUp();
});
after(async () => {
  await app?.close();
});

const XSS = "<img src=x onerror=window.__xss=1>";

/** Every number the options show, and the context and record fields, for comparing two pages. */
async function snapshot(page) {
  return page.evaluate(() => {
    const text = (root, id) => root.querySelector(`[data-testid="${id}"]`)?.textContent;
    const options = [...document.querySelectorAll('[data-testid="option"]')].map((o) => ({
      id: o.getAttribute("data-option-id"),
      components: text(o, "added-components"),
      hours: text(o, "added-ops-hours"),
      money: text(o, "added-money"),
      capacity: text(o, "added-capacity"),
      net: text(o, "net-monthly-value"),
    }));
    const value = (id) => document.querySelector(`[data-testid="${id}"]`)?.value;
    return {
      options,
      servers: value("fleet-servers"),
      elastic: document.querySelector('[data-testid="fleet-elastic"]').checked,
      title: value("decision-title"),
      rationale: value("decision-rationale"),
      status: value("decision-status"),
      chosen: value("decision-chosen"),
    };
  });
}

async function changeServers(page, servers) {
  const before = await opsHours(page, "kubernetes");
  await page.getByTestId("fleet-servers").fill(String(servers));
  await untilOpsHoursChange(page, "kubernetes", before);
}

async function drafts(page) {
  return page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith("overhead.draft."))
      .sort()
      .map((k) => [k, localStorage.getItem(k)]),
  );
}

async function downloadOf(page, testid, nth = 0) {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId(testid).nth(nth).click(),
  ]);
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), "utf8") };
}

function adler32(bytes) {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; i += 5552) {
    for (let j = i; j < Math.min(i + 5552, bytes.length); j++) {
      a += bytes[j];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** A well-formed link whose body inflates to 64 MiB: a decompression bomb. */
function bombLink() {
  const body = Buffer.alloc(64 * 1024 * 1024);
  const deflated = deflateRawSync(body, { level: 9 });
  const length = [];
  let n = deflated.length;
  while (n >= 0x80) {
    length.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  length.push(n);
  const check = Buffer.alloc(4);
  check.writeUInt32LE(adler32(body));
  const bytes = Buffer.concat([Buffer.from([1, ...length]), deflated, check]);
  return `#v1.${bytes.toString("base64url")}`;
}

test("Share puts a compact link in share-url and the clipboard; a fresh browser reopens the same decision", async () => {
  const { page, context, problems } = await app.open("", { permissions: ["clipboard-read", "clipboard-write"] });
  await changeServers(page, 40);
  await page.getByTestId("fleet-elastic").check();
  await page.getByTestId("decision-title").fill("Storage on Kubernetes — reviewed");
  await page.getByTestId("decision-rationale").fill("Fixed fleet, stateful data: no gain.\nRevisit if we go elastic.");
  await page.getByTestId("decision-status").selectOption("accepted");
  await page.getByTestId("decision-chosen").selectOption("init-system");
  const expected = await snapshot(page);

  await page.getByTestId("share-link").click();
  await page.getByTestId("notice").waitFor();
  assert.match(await page.getByTestId("notice").textContent(), /Link copied/);
  const shared = await page.getByTestId("share-url").inputValue();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shared);
  // Format 3: the document of today's cost model.
  assert.match(shared, /^http:\/\/127\.0\.0\.1:\d+\/#v3\.[A-Za-z0-9_-]+$/);
  assert.ok(shared.length < 1000, `the edited default scenario's link is ${shared.length} characters`);
  assert.equal(new URL(shared).hash, new URL(page.url()).hash, "the address bar follows the decision");
  assert.deepEqual(problems, []);
  await context.close();

  // A fresh browser profile: nothing stored, only the link. `open` waits for the whole page,
  // the decision record included (it is built after the first paint).
  const { page: reader, context: fresh } = await app.open(new URL(shared).hash);
  assert.deepEqual(await snapshot(reader), expected);
  assert.match(await reader.getByTestId("opened").textContent(), /Opened from a link/);
  assert.equal(await reader.getByTestId("error").count(), 0);
  await fresh.close();
});

test("each kind of bad link says what is wrong; the app stays usable and local drafts are untouched", async () => {
  const { page, context } = await app.open();
  await changeServers(page, 20); // makes a draft
  const stored = await drafts(page);
  assert.equal(stored.length, 1);
  const good = new URL(page.url()).hash;

  const cases = [
    ["truncated", good.slice(0, Math.floor(good.length / 2)), /incomplete/],
    ["tampered", good.slice(0, 20) + (good[20] === "A" ? "B" : "A") + good.slice(21), /changed after it was made|damaged/],
    ["future version", "#v7.AAAAAAAA", /newer version of Overhead/],
    ["not base64", "#v1.%%%not-base64%%%", /characters a decision link never has/],
    ["not a link", "#hello", /does not hold an Overhead decision/],
    ["decompression bomb", bombLink(), /more than Overhead opens/],
  ];
  for (const [name, fragment, message] of cases) {
    const started = Date.now();
    await page.goto(app.url + "?case=" + encodeURIComponent(name) + fragment);
    // The error is shown as the page loads: wait for it, then say which message it was.
    const error = page.getByTestId("error").first();
    await error.waitFor();
    assert.match(await error.textContent(), message, name);
    assert.ok(Date.now() - started < 20000, `${name} did not hang`);
    // Still usable: the landing scenario is there and answers an edit. The shown value is read
    // before the edit, so the wait ends as soon as the page has recomputed (and fails, instead
    // of passing late, if it never does).
    const shown = await option(page, "kubernetes").getByTestId("net-monthly-value").textContent();
    await page.getByTestId("fleet-elastic").check();
    await page.waitForFunction(
      (old) => document.querySelector('[data-option-id="kubernetes"] [data-testid="net-monthly-value"]')?.textContent !== old,
      shown,
    );
    assert.notEqual(await netValue(page, "kubernetes"), amount(shown), `${name}: the page still computes`);
    const now = await drafts(page);
    assert.deepEqual(now.filter(([k]) => stored.some(([s]) => s === k)), stored, `${name}: the draft is untouched`);
    // Undo the check so that the next case starts from the same place (it made its own draft).
    await page.evaluate(() => {
      for (const k of Object.keys(localStorage)) if (k.startsWith("overhead.draft.")) localStorage.removeItem(k);
    });
    await page.evaluate((entries) => entries.forEach(([k, v]) => localStorage.setItem(k, v)), stored);
  }
  await context.close();
});

test("a reload keeps the draft; opening a link never overwrites it, and editing the link forks a new draft", async () => {
  const { page, context } = await app.open();
  await changeServers(page, 33);
  assert.match(await page.getByTestId("opened").textContent(), /Your draft/);
  await page.reload();
  await page.waitForSelector('[data-testid="option"]');
  assert.equal(await page.getByTestId("fleet-servers").inputValue(), "33");
  assert.match(await page.getByTestId("opened").textContent(), /Your draft/);
  const mine = await drafts(page);
  assert.equal(mine.length, 1);

  // Someone else's link, opened in the same browser.
  const other = await app.browser.newContext();
  const author = await other.newPage();
  await author.goto(app.url);
  await author.waitForSelector('[data-testid="option"]');
  await author.getByTestId("fleet-servers").fill("7");
  await author.getByTestId("share-link").click();
  const link = await author.getByTestId("share-url").inputValue();
  await other.close();

  await page.goto(link);
  await page.waitForSelector('[data-testid="option"]');
  assert.equal(await page.getByTestId("fleet-servers").inputValue(), "7");
  assert.match(await page.getByTestId("opened").textContent(), /Opened from a link/);
  assert.deepEqual(await drafts(page), mine, "opening the link saved nothing over the draft");

  await page.getByTestId("fleet-elastic").check();
  await page.waitForFunction(() => /Your draft/.test(document.querySelector('[data-testid="opened"]').textContent));
  const after = await drafts(page);
  assert.equal(after.length, 2, "editing the link forked a new draft");
  assert.deepEqual(after.filter(([k]) => k === mine[0][0]), mine, "the first draft is unchanged");
  await context.close();
});

test("regression: a reload straight after an edit keeps the edit, in a small model and in a big one", async () => {
  // A small model's edit is saved in the task after the frame that paints it: the reload comes
  // right after the fill, and the page saves it as it goes away.
  const { page, context } = await app.open();
  await page.getByTestId("fleet-servers").fill("34");
  await page.reload();
  await page.waitForSelector('[data-testid="option"]');
  assert.equal(await page.getByTestId("fleet-servers").inputValue(), "34");
  assert.match(await page.getByTestId("opened").textContent(), /Your draft/);

  // A big model's link is encoded over a few tasks after the edit is painted: a reload before
  // that finds the draft named in its history entry, saved as the page went away.
  const link = (await readFile(new URL("../fixtures/dense-1000-components-5000-edges.link", import.meta.url), "utf8")).trim();
  await page.goto(`${app.url}#${link}`);
  await option(page, "generated").getByTestId("net-monthly-value").waitFor();
  await page.getByTestId("fleet-servers").fill("35");
  await page.reload();
  await option(page, "generated").getByTestId("net-monthly-value").waitFor();
  assert.equal(await page.getByTestId("fleet-servers").inputValue(), "35");
  assert.match(await page.getByTestId("opened").textContent(), /Your draft/);
  await context.close();
});

test("an edit paints first; its address and its draft follow in the next task", async () => {
  const { page, context, problems } = await app.open();
  const before = await page.evaluate(() => location.hash);
  await page.evaluate(() => {
    window.__firstFrame = null;
    document.addEventListener(
      "input",
      () =>
        requestAnimationFrame(() => {
          window.__firstFrame = { title: document.querySelector("h1").textContent, hash: location.hash };
        }),
      { capture: true, once: true },
    );
  });
  await page.getByTestId("decision-title").fill("Painted before it is saved");
  await page.waitForFunction(() => window.__firstFrame !== null);
  const firstFrame = await page.evaluate(() => window.__firstFrame);
  assert.match(firstFrame.title, /Painted before it is saved/, "the frame after the input shows the edit");
  assert.equal(firstFrame.hash, before, "the address is not yet the edit's in that frame");
  await page.waitForFunction((before) => location.hash !== before, before);
  // The address holds the edit: a fresh tab opened at it shows the same title.
  const address = page.url();
  const fresh = await context.newPage();
  await fresh.goto(address);
  await fresh.locator("h1", { hasText: "Painted before it is saved" }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

/** Records each text the page hands to `TextEncoder.prototype.encode`, in
 * `globalThis.encodedTexts`: the start copies the address's fragment and each stored draft into
 * the wasm that way (src/ui/browser.rs, `copied`), not a character at a time. */
async function recordEncodedTexts(context) {
  await context.addInitScript(() => {
    const encode = TextEncoder.prototype.encode;
    globalThis.encodedTexts = [];
    TextEncoder.prototype.encode = function (text) {
      globalThis.encodedTexts.push(String(text));
      return encode.call(this, text);
    };
  });
}

test("a draft's name and title beyond ASCII come back whole; the start copies the link and the drafts in one step each", async () => {
  const { page, context, problems } = await app.open("", {}, recordEncodedTexts);
  const title = "Café ☕ on 𝄞 servers, 数据";
  const name = "Ünïcödé 𝄞 草稿";
  await page.getByTestId("decision-title").fill(title);
  await page.waitForFunction(() => /Your draft/.test(document.querySelector('[data-testid="opened"]').textContent));
  await page.getByTestId("drafts-toggle").click();
  await page.getByTestId("drafts").getByRole("button", { name: "Rename" }).click();
  await page.getByTestId("draft-rename-input").fill(name);
  await page.getByTestId("draft-rename-input").press("Enter");
  await page.waitForFunction((name) => Object.keys(localStorage).some((k) => k.startsWith("overhead.draft.") && localStorage.getItem(k).includes(name)), name);

  await page.reload();
  await page.waitForSelector('[data-testid="option"]');
  assert.equal(await page.getByTestId("decision-title").inputValue(), title);
  const read = await page.evaluate(() => globalThis.encodedTexts);
  assert.ok(read.includes(name), "the start read the draft's name through the encoder");
  assert.ok(read.some((text) => /^v\d+\./.test(text)), "the start read the draft's document through the encoder");
  await page.getByTestId("drafts-toggle").click();
  await page.getByTestId("drafts").waitFor();
  assert.match(await page.getByTestId("drafts").textContent(), new RegExp(name));

  // The same document as a link, opened in a fresh browser profile.
  await page.getByTestId("share-link").click();
  const { hash } = new URL(await page.getByTestId("share-url").inputValue());
  assert.deepEqual(problems, []);
  await context.close();
  const { page: reader, context: fresh } = await app.open(hash, {}, recordEncodedTexts);
  assert.equal(await reader.getByTestId("decision-title").inputValue(), title);
  assert.ok((await reader.evaluate(() => globalThis.encodedTexts)).includes(hash), "the start read the address through the encoder");
  await fresh.close();
});

/** Records each `DecompressionStream` the page makes, by its format, in `inflations`. */
async function recordInflations(context) {
  await context.addInitScript(() => {
    const Native = globalThis.DecompressionStream;
    globalThis.inflations = [];
    globalThis.DecompressionStream = class extends Native {
      constructor(format) {
        super(format);
        globalThis.inflations.push(format);
      }
    };
  });
}

test("the start inflates a link with the browser's DecompressionStream and the landing scenario not at all; without one, the link opens all the same", async () => {
  const link = (await readFile(new URL("../fixtures/200-components-1000-edges.link", import.meta.url), "utf8")).trim();
  const landing = await app.open("", {}, recordInflations);
  assert.deepEqual(await landing.page.evaluate(() => globalThis.inflations), [], "the landing scenario is embedded not deflated");
  assert.deepEqual(landing.problems, []);
  await landing.context.close();

  const shown = async (page) => ({
    title: await page.getByTestId("decision-title").inputValue(),
    opened: await page.getByTestId("opened").textContent(),
    numbers: await page.getByTestId("net-monthly-value").allTextContents(),
  });
  const opened = await app.open(`#${link}`, {}, recordInflations);
  assert.deepEqual(await opened.page.evaluate(() => globalThis.inflations), ["deflate-raw"]);
  const expected = await shown(opened.page);
  assert.match(expected.opened, /Opened from a link/);
  assert.deepEqual(opened.problems, []);
  await opened.context.close();

  const older = await app.open(`#${link}`, {}, (context) => context.addInitScript(() => delete globalThis.DecompressionStream));
  assert.deepEqual(await shown(older.page), expected, "the core inflates it where the browser cannot");
  assert.equal(await older.page.evaluate(() => performance.getEntriesByName("overhead-deferred-on-demand").length), 0, "once the rest of the code is in, not by a synchronous request for it");
  assert.deepEqual(older.problems, []);
  await older.context.close();
});

test("a draft is read whatever its fields' order, with null or unknown fields; one with a field of another type is unreadable", async () => {
  const { page, context } = await app.open();
  await changeServers(page, 23);
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith("overhead.draft.")));
  await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith("overhead.draft."));
    const { name, updated_ms, document } = JSON.parse(localStorage.getItem(key));
    localStorage.setItem("overhead.draft.reordered", JSON.stringify({ note: 1, document, unparsed_text: null, updated_ms: updated_ms + 1, name: "Reordered" }));
    localStorage.setItem("overhead.draft.typed", JSON.stringify({ name: "Typed", updated_ms: String(updated_ms), document }));
    localStorage.setItem("overhead.draft.listed", JSON.stringify([name, updated_ms, document]));
  });
  await page.reload();
  await page.waitForSelector('[data-testid="option"]');
  assert.match(await page.getByTestId("error").first().textContent(), /2 saved draft\(s\) could not be read/);
  await page.getByTestId("drafts-toggle").click();
  const list = page.getByTestId("drafts");
  await list.waitFor();
  assert.equal(await list.getByTestId("draft").count(), 2);
  assert.match(await list.getByTestId("draft").first().textContent(), /^Reordered/, "the newest first");
  await list.getByTestId("draft").first().getByRole("button", { name: "Open" }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="fleet-servers"]').value === "23");
  await context.close();
});

test("the drafts list opens, renames, duplicates and deletes with undo", async () => {
  const { page, context } = await app.open();
  await changeServers(page, 21);
  await page.getByTestId("drafts-toggle").click();
  const list = page.getByTestId("drafts");
  await list.waitFor();
  assert.equal(await list.getByTestId("draft").count(), 1);

  await list.getByRole("button", { name: "Rename" }).click();
  await page.getByTestId("draft-rename-input").fill("Storage, 21 servers");
  await page.getByTestId("draft-rename-input").press("Enter");
  await page.waitForFunction(() => document.querySelector('[data-testid="drafts"]').textContent.includes("Storage, 21 servers"));

  await list.getByRole("button", { name: "Duplicate" }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="draft"]').length === 2);
  assert.match(await list.textContent(), /Storage, 21 servers \(copy\)/);

  // Open the other scenario, then reopen the draft from the list.
  await page.getByTestId("scenario-picker").selectOption("tracing");
  await page.waitForFunction(() => document.querySelector("h1").textContent.startsWith("Request traces"));
  await list.getByTestId("draft").filter({ hasText: "Storage, 21 servers ·" }).getByRole("button", { name: "Open" }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="fleet-servers"]').value === "21");

  const copy = list.getByTestId("draft").filter({ hasText: "(copy)" });
  await copy.getByRole("button", { name: "Delete" }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="draft"]').length === 1);
  assert.match(await page.getByTestId("notice").textContent(), /Deleted the draft/);
  assert.equal((await drafts(page)).length, 1);
  await page.getByRole("button", { name: "Undo" }).filter({ hasNotText: "Redo" }).last().click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="draft"]').length === 2);
  assert.equal((await drafts(page)).length, 2);
  await context.close();
});

test("undo and redo, by button and by keyboard, over every edit", async () => {
  const { page, context } = await app.open();
  const undo = page.getByTestId("undo");
  const redo = page.getByTestId("redo");
  assert.ok(await undo.isDisabled());
  const start = await snapshot(page);

  await changeServers(page, 50);
  await page.getByTestId("fleet-elastic").check();
  await page.getByTestId("decision-title").fill("Changed title");
  const edited = await snapshot(page);

  await undo.click();
  assert.equal((await snapshot(page)).title, start.title);
  await undo.click();
  assert.equal((await snapshot(page)).elastic, false);
  await undo.click();
  assert.deepEqual(await snapshot(page), start);
  assert.ok(await undo.isDisabled());

  await redo.click();
  await redo.click();
  await redo.click();
  assert.deepEqual(await snapshot(page), edited);

  // Keyboard, with the focus outside text fields.
  await page.locator("h1").click();
  await page.keyboard.press("Control+z");
  assert.equal((await snapshot(page)).title, start.title);
  await page.keyboard.press("Control+Shift+z");
  assert.equal((await snapshot(page)).title, "Changed title");
  await context.close();
});

test("back and forward move through deliberate states, not every keystroke", async () => {
  const { page, context } = await app.open();
  const length = () => page.evaluate(() => history.length);
  const start = await length();
  await page.getByTestId("fleet-servers").fill("");
  await page.getByTestId("fleet-servers").pressSequentially("123", { delay: 30 });
  // An edit's history entry is made in the task right after it (`Store::commit`): wait for it.
  const entries = (n) => page.waitForFunction((n) => history.length >= n, n);
  await entries(start + 1);
  assert.equal(await length(), start + 1, "typing 123 is one state");
  await page.waitForTimeout(1100);
  await page.getByTestId("fleet-elastic").check();
  await entries(start + 2);
  assert.equal(await length(), start + 2);

  await page.goBack();
  await page.waitForFunction(() => !document.querySelector('[data-testid="fleet-elastic"]').checked);
  assert.equal(await page.getByTestId("fleet-servers").inputValue(), "123");
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('[data-testid="fleet-servers"]').value === "12");
  await page.goForward();
  await page.goForward();
  await page.waitForFunction(() => document.querySelector('[data-testid="fleet-elastic"]').checked);
  assert.equal(await page.getByTestId("fleet-servers").inputValue(), "123");
  await context.close();
});

test("exports: a Markdown record with Mermaid graphs and the link, SVG graphs, JSON that imports back", async () => {
  const { page, context, problems } = await app.open();
  await changeServers(page, 16);
  const md = await downloadOf(page, "export-markdown");
  assert.match(md.name, /\.md$/);
  assert.match(md.text, /^# Run the storage cluster on Kubernetes\?/);
  assert.match(md.text, /```mermaid\ngraph BT\n/);
  assert.match(md.text, /## Consequences/);
  assert.ok(md.text.includes(page.url()), "the record carries the link");

  const svg = await downloadOf(page, "export-svg", 1);
  assert.match(svg.name, /\.svg$/);
  assert.match(svg.text, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svg.text, /data-kind="k8s-control-plane"/);

  const json = await downloadOf(page, "export-json");
  const expected = await snapshot(page);
  await context.close();

  const dir = await mkdtemp(join(tmpdir(), "overhead-"));
  const file = join(dir, "decision.json");
  await writeFile(file, json.text);
  const other = await app.open();
  await other.page.getByTestId("import-json").setInputFiles(file);
  await other.page.waitForFunction(() => document.querySelector('[data-testid="fleet-servers"]').value === "16");
  assert.deepEqual(await snapshot(other.page), expected);
  assert.match(await other.page.getByTestId("notice").textContent(), /Imported/);
  assert.equal((await drafts(other.page)).length, 1, "the import is a new draft");

  // A broken file: a precise message, nothing changed.
  const broken = join(dir, "broken.json");
  await writeFile(broken, '{\n  "overhead": 1,\n  "decision": { "title": 3 }\n}\n');
  await other.page.getByTestId("import-json").setInputFiles(broken);
  await other.page.getByTestId("error").first().waitFor();
  assert.match(await other.page.getByTestId("error").first().textContent(), /was not imported: line 3, column/);
  assert.equal(await other.page.getByTestId("fleet-servers").inputValue(), "16");

  // Dropping a file on the page imports it too.
  const dropped = JSON.parse(json.text);
  dropped.decision.context.fleet.servers = 61;
  await other.page.evaluate((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], "dropped.json", { type: "application/json" }));
    document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, JSON.stringify(dropped));
  await other.page.waitForFunction(() => document.querySelector('[data-testid="fleet-servers"]').value === "61");
  assert.match(await other.page.getByTestId("notice").textContent(), /Imported “dropped\.json”/);
  assert.deepEqual(problems, []);
  await other.context.close();
});

test("user text is always text: in the page, the SVG, the Markdown and its Mermaid", async () => {
  const { page, context, problems } = await app.open();
  await page.getByTestId("decision-title").fill(`Title ${XSS}`);
  await page.getByTestId("decision-rationale").fill(`Because ${XSS}`);
  const name = option(page, "kubernetes").getByTestId("option-name");
  await name.fill(`K8s ${XSS}`);
  await name.press("Enter");
  await page.waitForFunction(() => document.querySelector('[data-option-id="kubernetes"] [data-testid="graph"]').getAttribute("aria-label").includes("<img"));
  await option(page, "kubernetes").locator('[data-testid="graph-node"][data-id="storage"]').click();
  await page.getByTestId("component-label").fill(`Storage ${XSS}`);
  await page.getByTestId("component-label").press("Enter");
  await page.waitForFunction(() => document.querySelector('[data-option-id="kubernetes"] [data-id="storage"] .node-label').textContent.startsWith("Storage <img"));

  assert.equal(await page.locator("h1").textContent(), `Title ${XSS}`);
  assert.equal(await page.locator("img").count(), 0, "no element was made from user text");
  assert.equal(await page.evaluate(() => window.__xss), undefined);

  const svg = await downloadOf(page, "export-svg", 1);
  assert.ok(!svg.text.includes("<img"), "SVG has no raw markup");
  assert.ok(svg.text.includes("Storage &lt;img src=x onerror=window.__xss=1&gt;"));
  const md = await downloadOf(page, "export-markdown");
  assert.ok(!md.text.includes("<img"), "Markdown has no raw HTML");
  assert.ok(md.text.includes("# Title &lt;img src=x onerror=window.\\_\\_xss=1&gt;"), "escaped, so it renders literally");
  assert.ok(md.text.includes("Storage #lt;img src=x onerror=window.__xss=1#gt;"), "Mermaid labels are entities");
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a Content-Security-Policy forbids inline scripts and styles but its own, and the app runs under it", async () => {
  const { page, context, problems } = await app.open();
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  // By hash: the script that fetches and compiles the wasm early (scripts/early-wasm.mjs),
  // Trunk's loader, and index.html's short script that hides the first paint under a link.
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/=]+'){3}(;|$)/);
  // The stylesheet is in the page (scripts/inline-style.mjs), allowed by its hash as well; the
  // rules only the deferred part's views use come with that part, from the site's own file.
  assert.match(policy, /style-src 'self' 'sha256-[A-Za-z0-9+/=]+'(;|$)/);
  const sheets = await page.locator('link[rel="stylesheet"]').evaluateAll((links) => links.map((link) => link.href));
  assert.deepEqual(
    sheets.map((href) => new URL(href).origin === new URL(app.url).origin && /\/style-rest-[0-9a-f]{16}\.css$/.test(href)),
    [true],
    sheets.join(" "),
  );
  assert.ok(!policy.includes("unsafe-inline"));
  // An inline script added now is refused by the browser.
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.__inline = 1";
    document.body.append(script);
  });
  assert.equal(await page.evaluate(() => window.__inline), undefined);
  // And so is a style element added now.
  await page.evaluate(() => {
    const style = document.createElement("style");
    style.textContent = "body { visibility: hidden }";
    document.head.append(style);
  });
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).visibility), "visible");
  assert.equal(await page.getByTestId("option").count(), 2);
  assert.ok(problems.every((p) => p.includes("Content Security Policy")), problems.join("\n"));
  await context.close();
});

test("full storage and unreadable drafts get clear messages; nothing else is lost", async () => {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    if (location.search.includes("full")) {
      Storage.prototype.setItem = function () {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      };
    }
  });
  const page = await context.newPage();
  await page.goto(app.url);
  await page.waitForSelector('[data-testid="option"]');
  await page.evaluate(() => localStorage.setItem("overhead.draft.broken", "{not json"));

  await page.goto(app.url + "?full");
  await page.waitForSelector('[data-testid="option"]');
  assert.match(await page.getByTestId("error").first().textContent(), /1 saved draft\(s\) could not be read/);
  await changeServers(page, 44);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="error"]')].some((e) => /could not be saved/.test(e.textContent)));
  assert.match(await page.getByTestId("error").first().textContent(), /storage for this site is full/);
  assert.equal(await page.getByTestId("fleet-servers").inputValue(), "44", "the change stays on screen");
  assert.ok(amount(await option(page, "kubernetes").getByTestId("added-ops-hours").textContent()) > 0);
  assert.equal(await page.evaluate(() => localStorage.getItem("overhead.draft.broken")), "{not json", "left as it was");
  await context.close();
});
