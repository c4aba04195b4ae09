// Writes docs/TOOLS.md, the tools reference, and README.md's permissions table from the tool registry
// (src/tools/reference.ts renders both). Run after changing a tool: npm run docs.
// test/tools-reference.test.ts fails while either differs from what the registry renders.
import { readFile, writeFile } from "node:fs/promises";
import { build } from "esbuild";

const bundled = await build({
  entryPoints: ["src/tools/reference.ts"],
  bundle: true,
  write: false,
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
});
const code = bundled.outputFiles[0]?.text ?? "";
const { renderToolsReference, withPermissionsTable } = await import(
  `data:text/javascript;base64,${Buffer.from(code).toString("base64")}`
);
await writeFile(new URL("../docs/TOOLS.md", import.meta.url), renderToolsReference());
const readme = new URL("../README.md", import.meta.url);
await writeFile(readme, withPermissionsTable(await readFile(readme, "utf8")));
console.error("docs/TOOLS.md and README.md's permissions table: written from src/tools/index.ts");
