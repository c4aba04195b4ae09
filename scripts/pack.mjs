// Makes the Claude Desktop bundle: builds dist/bundle/server.js, stages a clean folder with only what the bundle runs on
// (manifest.json, the entry, icon.png, LICENSE, third-party notices), validates it with mcpb, then packs it.
// Usage: node scripts/pack.mjs [--out FILE.mcpb] [--no-build]
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";

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

/** The packages esbuild puts into the bundle, with their license texts (MIT and friends ask for them). */
async function thirdPartyNotices() {
  const { metafile } = await build({
    entryPoints: [join(root, "src/cli.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match?.[1]) dirs.add(join(root, match[1]));
  }
  const sections = [...dirs]
    .map((dir) => {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.[a-z]+)?$/i.test(f));
      const text = file ? readFileSync(join(dir, file), "utf8").trim() : `License: ${pkg.license}`;
      return { id: `${pkg.name}@${pkg.version}`, license: pkg.license, text };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
  const header = `arize-ax-spaces-mcp bundles these ${sections.length} packages into ${manifest.server.entry_point}. Their licenses follow.\n`;
  return [header, ...sections.map((s) => `${"-".repeat(78)}\n${s.id} (${s.license})\n\n${s.text}\n`)].join(
    "\n",
  );
}

if (!values["no-build"]) run(["scripts/build.mjs"]);

const manifest = JSON.parse(readFileSync(join(root, "manifest.json"), "utf8"));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
if (manifest.version !== pkg.version) {
  fail(
    `manifest.json version ${manifest.version} differs from package.json ${pkg.version}: run node scripts/sync-manifest.mjs`,
  );
}
const entry = manifest.server.entry_point;
if (!existsSync(join(root, entry))) fail(`${entry} is missing: run npm run build`);

const stage = mkdtempSync(join(tmpdir(), "arize-ax-spaces-mcp-bundle-"));
try {
  const files = ["manifest.json", "icon.png", "LICENSE", entry, `${entry}.LEGAL.txt`];
  for (const file of files) {
    if (!existsSync(join(root, file))) continue;
    mkdirSync(dirname(join(stage, file)), { recursive: true });
    copyFileSync(join(root, file), join(stage, file));
  }
  writeFileSync(join(stage, "THIRD_PARTY_NOTICES.txt"), await thirdPartyNotices());

  const mcpb = join(dirname(fileURLToPath(import.meta.resolve("@anthropic-ai/mcpb"))), "cli", "cli.js");
  run([mcpb, "validate", join(stage, "manifest.json")]);
  mkdirSync(dirname(out), { recursive: true });
  run([mcpb, "pack", stage, out]);

  console.error(`\n${entry}: ${kib(statSync(join(stage, entry)).size)}`);
  console.error(`${out}: ${kib(statSync(out).size)}`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
