// A static file server for the built site (dist/), on loopback only, which sends the build's
// brotli copies (`<file>.br`) to browsers that accept them. Used by the tests and by
// scripts/serve. `node e2e/serve.mjs DIR PORT [BASE]` serves until interrupted; BASE (say
// `/overhead/`) serves the site under a sub-path, as GitHub Pages serves a project site. A
// caller may answer some requests itself first (`intercept`: true when it has answered).
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webmanifest": "application/manifest+json",
};

/** Whether the request's Accept-Encoding takes brotli (and does not refuse it with q=0). */
function acceptsBrotli(request) {
  return String(request.headers["accept-encoding"] ?? "")
    .split(",")
    .map((part) => part.trim().split(/\s*;\s*/))
    .some(([coding, ...params]) => coding === "br" && !params.some((p) => /^q=0(\.0*)?$/.test(p)));
}

export function startServer(root, port = 0, prefix = "/", intercept = () => false) {
  const base = resolve(root);
  const server = createServer(async (request, response) => {
    if (intercept(request, response)) return;
    try {
      const requested = decodeURIComponent(new URL(request.url, "http://localhost").pathname);
      if (!requested.startsWith(prefix)) throw new Error("outside the site");
      const path = requested.slice(prefix.length - 1);
      let file = normalize(join(base, path));
      if (!file.startsWith(base)) {
        response.writeHead(403).end();
        return;
      }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, "index.html");
      const headers = {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": "no-cache",
      };
      // The build's precompressed copy (scripts/precompress.mjs), to a browser that takes it.
      const copy = await stat(`${file}.br`).catch(() => null);
      const brotli = copy !== null && acceptsBrotli(request);
      const body = await readFile(brotli ? `${file}.br` : file);
      if (copy) headers.vary = "accept-encoding";
      if (brotli) headers["content-encoding"] = "br";
      response.writeHead(200, headers);
      response.end(body);
    } catch {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: actual } = server.address();
      resolvePromise({ server, url: `http://127.0.0.1:${actual}${prefix}` });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [root = "dist", port = "8080", prefix = "/"] = process.argv.slice(2);
  const { url } = await startServer(root, Number(port), prefix);
  console.log(`Overhead is served at ${url} (Ctrl+C to stop)`);
}
