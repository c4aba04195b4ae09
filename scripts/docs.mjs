// Writes docs/TOOLS.md, the tools reference, from the tool registry (src/tools/reference.ts renders it).
// Run after changing a tool: npm run docs. test/tools-reference.test.ts fails while the file differs.
import { writeFile } from "node:fs/promises";
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
const { renderToolsReference } = await import(
  `data:text/javascript;base64,${Buffer.from(code).toString("base64")}`
);
const target = new URL("../docs/TOOLS.md", import.meta.url);
await writeFile(target, renderToolsReference());
console.error("docs/TOOLS.md: written from src/tools/index.ts");
