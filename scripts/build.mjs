// Builds dist/ with esbuild, self-contained (no node_modules at run time). The npm package and the Claude
// Desktop bundle (npm run pack) ship the same files, so both start the same way:
// - dist/cli.js, the entry: modules loaded with import() (undici, the HTTP transport, the sandbox) go into
//   chunks of their own under dist/chunks, read only when first used, so start-up never parses them;
// - dist/THIRD_PARTY_NOTICES.txt: the license of every package bundled into them, and the legal comments
//   esbuild found in their code (notices of code those packages embed from others);
// - dist/package.json, {"type": "module"}: the .js files are ES modules wherever dist/ is copied. The Desktop
//   bundle has no other package.json, and without it Node before 20.19 refuses them and later versions
//   first try each one as CommonJS.
import { chmod, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { build } from "esbuild";
import {
  builtinsWithoutNamespaces,
  englishOnlyZod,
  noDefaultValidator,
  prebuiltCatalog,
  sdkPatches,
} from "./build-plugins.mjs";

const NOTICES = "dist/THIRD_PARTY_NOTICES.txt";

/**
 * Runs first in every output file, before any bundled code: an older Node than package.json's engines
 * field gets one line that says what to do, not a stack trace from whatever breaks first.
 */
async function nodeVersionCheck() {
  const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
  const m = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(pkg.engines.node);
  if (!m)
    throw new Error(`package.json engines.node must read ">=MAJOR.MINOR.PATCH"; got ${pkg.engines.node}`);
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const line = `arize-ax-spaces-mcp: Node.js \${process.versions.node} is too old; this server needs Node.js ${major}.${minor}.${patch} or newer. Install a newer Node.js, or point your MCP client's "command" at one (node --version shows which runs).`;
  const older = `a<${major}||(a===${major}&&(b<${minor}||(b===${minor}&&c<${patch})))`;
  return `{const [a,b,c]=process.versions.node.split(".").map(Number);if(${older}){process.stderr.write(\`${line}\\n\`);process.exit(2)}}`;
}

/** Each bundled package (its folder under node_modules, from the metafile's inputs) with its license text. */
async function bundledPackages(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules[\\/](?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(input);
    if (match?.[1]) dirs.add(resolve(match[1]));
  }
  const packages = await Promise.all(
    [...dirs].map(async (dir) => {
      const pkg = JSON.parse(await readFile(join(dir, "package.json"), "utf8"));
      const file = (await readdir(dir)).find((f) => /^(licen[cs]e|copying)(\.[a-z]+)?$/i.test(f));
      if (!file)
        throw new Error(`${pkg.name} has no LICENSE file: add its license text to scripts/build.mjs`);
      return {
        id: `${pkg.name}@${pkg.version}`,
        license: pkg.license,
        text: (await readFile(join(dir, file), "utf8")).trim(),
      };
    }),
  );
  return packages.sort((a, b) => a.id.localeCompare(b.id));
}

/** esbuild's legal comments ("path:\n  comment" blocks), once each however many chunks hold them. */
function legalComments(files) {
  const blocks = new Set();
  for (const text of files) {
    for (const block of text.replace(/^Bundled license information:\s*/, "").split(/\n\s*\n/)) {
      if (block.trim()) blocks.add(block.trimEnd());
    }
  }
  return [...blocks].sort();
}

function noticesText(packages, comments) {
  const rule = "-".repeat(78);
  return [
    `arize-ax-spaces-mcp bundles these ${packages.length} packages into dist/cli.js and dist/chunks/. Their licenses follow,`,
    "then the legal comments found in their code (notices of code those packages embed).",
    "",
    ...packages.map((p) => `${rule}\n${p.id} (${p.license})\n\n${p.text}\n`),
    `${rule}\nLegal comments in the bundled code, by source file\n`,
    ...comments.map((c) => `${c}\n`),
  ].join("\n");
}

/** src/tools/catalog.ts as it computes itself from the source: what the built server gets as a constant. */
async function toolCatalog() {
  const out = await build({
    entryPoints: ["src/tools/catalog.ts"],
    plugins: [englishOnlyZod],
    bundle: true,
    platform: "node",
    format: "esm",
    write: false,
    logLevel: "warning",
  });
  const code = Buffer.from(out.outputFiles[0].contents).toString("base64");
  return (await import(`data:text/javascript;base64,${code}`)).catalog;
}

await rm(new URL("../dist", import.meta.url), { recursive: true, force: true });
const result = await build({
  plugins: [
    englishOnlyZod,
    noDefaultValidator,
    builtinsWithoutNamespaces,
    sdkPatches,
    prebuiltCatalog(await toolCatalog()),
  ],
  entryPoints: { cli: "src/cli.ts" },
  outdir: "dist",
  chunkNames: "chunks/[name]-[hash]",
  splitting: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  minify: true,
  // Collected into THIRD_PARTY_NOTICES.txt below instead of one .LEGAL.txt file per chunk.
  legalComments: "external",
  metafile: true,
  write: false,
  logLevel: "warning",
  // The shebang, the Node version check, then require() for bundled CommonJS code, which loads only Node
  // built-ins (everything else is bundled); a built-in this Node lacks throws as require() would.
  banner: {
    js: `#!/usr/bin/env node\n${await nodeVersionCheck()}\n// Bundled third-party code: licenses in THIRD_PARTY_NOTICES.txt\nfunction require(id) { const m = process.getBuiltinModule(id); if (m === undefined) throw new Error(\`Cannot find module '\${id}'\`); return m; }`,
  },
});

const legal = [];
for (const file of result.outputFiles) {
  if (file.path.endsWith(".LEGAL.txt")) {
    legal.push(file.text);
    continue;
  }
  await mkdir(dirname(file.path), { recursive: true });
  await writeFile(file.path, file.contents);
}
await chmod("dist/cli.js", 0o755);
await writeFile("dist/package.json", `${JSON.stringify({ type: "module" })}\n`);
const packages = await bundledPackages(result.metafile);
await writeFile(NOTICES, noticesText(packages, legalComments(legal)));

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
const js = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith(".js"));
const total = js.reduce((sum, [, o]) => sum + o.bytes, 0);
console.error(
  `dist/cli.js: ${kib(result.metafile.outputs["dist/cli.js"]?.bytes ?? 0)} (${kib(total)} with ${js.length - 1} lazy chunks); ${NOTICES}: ${packages.length} packages`,
);
