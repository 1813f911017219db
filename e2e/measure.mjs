// Measures time to interactive of the built site in headless Chromium: the "overhead-interactive"
// performance mark, which the app sets once its first render (with every number) is done.
// Prints the median of fresh page loads (a new browser context each: cold cache).
import { launch } from "./tests/harness.mjs";
import { startServer } from "./serve.mjs";

const runs = Number(process.argv[2] ?? 7);
const { server, url } = await startServer(new URL("../dist", import.meta.url).pathname);
const browser = await launch();
const interactive = [];
const loaded = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('[data-testid="option"]');
  const timing = await page.evaluate(() => ({
    interactive: performance.getEntriesByName("overhead-interactive")[0]?.startTime,
    domContentLoaded: performance.getEntriesByType("navigation")[0]?.domContentLoadedEventEnd,
  }));
  interactive.push(timing.interactive);
  loaded.push(timing.domContentLoaded);
  await context.close();
}
await browser.close();
server.close();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs) => `min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}`;
console.log(
  `time to interactive (loopback, cold cache, ${runs} loads): median ${median(interactive).toFixed(0)} ms (${range(interactive)}); DOMContentLoaded median ${median(loaded).toFixed(0)} ms`,
);
