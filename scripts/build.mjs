// Builds dist/cli.js: one self-contained ESM file (no node_modules needed at run time).
// Modules loaded with import() (undici, the sandbox) are evaluated only when first used.
import { chmod, rm } from "node:fs/promises";
import { build } from "esbuild";

await rm(new URL("../dist", import.meta.url), { recursive: true, force: true });
const result = await build({
  entryPoints: ["src/cli.ts"],
  outfile: "dist/cli.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: true,
  legalComments: "linked",
  metafile: true,
  logLevel: "warning",
  // Bundled CommonJS dependencies call require() for Node built-ins.
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
});
await chmod("dist/cli.js", 0o755);
const bytes = result.metafile.outputs["dist/cli.js"]?.bytes ?? 0;
console.error(`dist/cli.js: ${(bytes / 1024).toFixed(0)} KiB`);
