// Takes a screenshot of the built site: node e2e/shot.mjs OUT.png [hash-or-query] [full] [click-kind] [dark] [width]
import { launch } from "./tests/harness.mjs";
import { startServer } from "./serve.mjs";
const [out = "shot.png", path = "", full = "", click = "", scheme = "light", width = "1280"] = process.argv.slice(2);
const { server, url } = await startServer(new URL("../dist", import.meta.url).pathname);
const browser = await launch();
const page = await browser.newPage({ viewport: { width: Number(width), height: 800 }, colorScheme: scheme });
await page.goto(url + path);
await page.waitForSelector('[data-testid="option"]');
if (click) await page.locator(`[data-testid="graph-node"][data-kind="${click}"]`).last().click();
await page.waitForTimeout(300);
await page.screenshot({ path: out, fullPage: full === "full" });
await browser.close();
server.close();
