// Makes the Claude Desktop bundle: builds dist/, stages a clean folder with only what the bundle runs on
// (manifest.json, icon.png, LICENSE and the files the npm package ships: dist/cli.js, its lazy chunks,
// dist/package.json and the third-party notices, so the bundle starts as the CLI does), validates it with mcpb, then packs it.
// Usage: node scripts/pack.mjs [--out FILE.mcpb] [--no-build]
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({
  options: {
    out: { type: "string", default: join(root, "arize-ax-spaces-mcp.mcpb") },
    "no-build": { type: "boolean", default: false },
  },
});
const out = resolve(values.out);

function fail(message) {
  console.error(`pack: ${message}`);
  process.exit(1);
}

function run(args) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) fail(`failed: node ${args.join(" ")}`);
}

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;

if (!values["no-build"]) run(["scripts/build.mjs"]);

const manifest = JSON.parse(readFileSync(join(root, "manifest.json"), "utf8"));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
if (manifest.version !== pkg.version) {
  fail(
    `manifest.json version ${manifest.version} differs from package.json ${pkg.version}: run node scripts/sync-manifest.mjs`,
  );
}
// package.json "files" is what the npm package ships (with LICENSE): the bundle ships the same.
const files = ["manifest.json", "icon.png", "LICENSE", ...pkg.files];
if (!pkg.files.includes(manifest.server.entry_point)) {
  fail(`manifest.json's entry_point ${manifest.server.entry_point} is not in package.json "files"`);
}
for (const file of files) {
  if (!existsSync(join(root, file))) fail(`${file} is missing: run npm run build`);
}

const stage = mkdtempSync(join(tmpdir(), "arize-ax-spaces-mcp-bundle-"));
try {
  for (const file of files) cpSync(join(root, file), join(stage, file), { recursive: true });

  const mcpb = join(dirname(fileURLToPath(import.meta.resolve("@anthropic-ai/mcpb"))), "cli", "cli.js");
  run([mcpb, "validate", join(stage, "manifest.json")]);
  mkdirSync(dirname(out), { recursive: true });
  run([mcpb, "pack", stage, out]);

  console.error(`\n${out}: ${kib(statSync(out).size)}`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
