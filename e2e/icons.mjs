// Draws the app's icons (public/icon-192.png and public/icon-512.png, for the web manifest)
// from public/favicon.svg, in headless Chromium: `node e2e/icons.mjs`. Run it when the
// favicon changes; the PNGs are committed.
import { readFile } from "node:fs/promises";
import { launch } from "./tests/harness.mjs";

const svg = await readFile(new URL("../public/favicon.svg", import.meta.url), "utf8");
const browser = await launch();
for (const size of [192, 512]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  // A white square behind the mark: launchers show icons on any background.
  const sized = svg.replace("<svg ", `<svg width="${size}" height="${size}" `);
  await page.setContent(`<body style="margin:0;background:#fff">${sized}</body>`);
  await page.screenshot({ path: new URL(`../public/icon-${size}.png`, import.meta.url).pathname });
  await page.close();
}
await browser.close();
