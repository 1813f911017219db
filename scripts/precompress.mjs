// Post-build (scripts/post-build.mjs, the Trunk hook), third step, for release builds: writes
// `<file>.br` beside each text or wasm file of the site, compressed once with brotli at its
// best setting. A server that serves precompressed files (e2e/serve.mjs; nginx with
// `brotli_static on`; Caddy's `file_server { precompressed br }`) sends them to browsers that
// accept brotli: the first load is about a quarter smaller than with gzip, and nobody pays for
// compressing at the best setting on each request. Node's own zlib does it: no package needed.
import { readdirSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants } from "node:zlib";

const brotli = promisify(brotliCompress);

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run this as a Trunk hook");
// A debug build's wasm is tens of megabytes, and nobody serves it to users.
if (process.env.TRUNK_PROFILE === "release") {
  const compressible = /\.(html|js|css|wasm|json|svg|webmanifest)$/;
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && compressible.test(entry.name))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
  // Side by side on zlib's thread pool: about 10 s one after the other, on two cores.
  const sizes = await Promise.all(
    files.map(async (file) => {
      const body = await readFile(file);
      const br = await brotli(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      });
      await writeFile(`${file}.br`, br);
      return [body.length, br.length];
    }),
  );
  const total = (i) => sizes.reduce((sum, size) => sum + size[i], 0);
  console.log(`precompress: ${files.length} files, ${total(0)} B → ${total(1)} B of brotli`);
}
