// Rewrites manifest.json's `tools` (name and description, in display order) from the built server's live
// tools/list, and its `version` from package.json. Run after changing a tool: npm run build && node scripts/sync-manifest.mjs
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const root = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const entry = root("dist/cli.js");
if (!existsSync(entry)) {
  console.error(`${entry} is missing: run "npm run build" first`);
  process.exit(1);
}

// A clean environment, so no ARIZE_MCP_READ_ONLY or ARIZE_MCP_TOOLS in this shell can hide tools.
const transport = new StdioClientTransport({
  command: process.execPath,
  args: [entry],
  env: { PATH: process.env.PATH ?? "" },
  stderr: "ignore",
});
const client = new Client({ name: "sync-manifest", version: "1.0.0" });
await client.connect(transport);
const { tools } = await client.listTools();
await client.close();

const manifestPath = root("manifest.json");
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
const { version } = JSON.parse(readFileSync(root("package.json"), "utf8"));
manifest.version = version;
manifest.tools = tools.map(({ name, description }) => ({ name, description: description ?? "" }));
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

// Keep the file as Biome formats it, so the lint step stays clean.
const biome = root("node_modules/.bin/biome");
if (existsSync(biome)) spawnSync(biome, ["format", "--write", manifestPath], { stdio: "ignore" });
console.error(`manifest.json: version ${version}, ${tools.length} tools from dist/cli.js`);
