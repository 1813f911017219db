// Post-build (scripts/post-build.mjs), after the split, for release builds: orders the functions
// of each of the site's wasm files for compression (scripts/function-order.mjs says how and why).
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withFunctionsOrdered } from "./function-order.mjs";
import { updateIntegrity } from "./integrity.mjs";
import { WASM_OPT } from "./wasm-binary.mjs";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error("TRUNK_STAGING_DIR is not set: run this as a Trunk hook");
// A debug build's wasm is tens of megabytes, and nobody serves it to users.
if (process.env.TRUNK_PROFILE === "release") {
  if (!existsSync(WASM_OPT)) {
    console.log(`order functions: no ${WASM_OPT}, the functions stay in wasm-opt's order`);
  } else {
    const work = mkdtempSync(join(tmpdir(), "overhead-order-"));
    try {
      const files = readdirSync(dir).filter((name) => name.endsWith(".wasm"));
      const changes = files.map((name) => {
        const before = readFileSync(join(dir, name));
        const after = withFunctionsOrdered(before, work);
        writeFileSync(join(dir, name), after);
        return [before, after];
      });
      updateIntegrity(dir, changes);
      console.log(`order functions: ${files.length} wasm files ordered for compression`);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
}
