// Builds two self-contained outputs with esbuild (no node_modules needed at run time):
// - dist/cli.js, the npm bin: modules loaded with import() (undici, the HTTP transport, the sandbox) go into
//   chunks of their own under dist/chunks, read only when first used, so start-up never parses them;
// - dist/bundle/server.js, one file for the Claude Desktop bundle (npm run pack).
import { chmod, readFile, rm } from "node:fs/promises";
import { build } from "esbuild";

/**
 * Runs first in every output file, before any bundled code: an older Node than package.json's engines
 * field gets one line that says what to do, not a stack trace from whatever breaks first.
 */
async function nodeVersionCheck() {
  const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
  const m = /^>=\s*(\d+)\.(\d+)$/.exec(pkg.engines.node);
  if (!m) throw new Error(`package.json engines.node must read ">=MAJOR.MINOR"; got ${pkg.engines.node}`);
  const [major, minor] = [Number(m[1]), Number(m[2])];
  const line = `arize-ax-spaces-mcp: Node.js \${process.versions.node} is too old; this server needs Node.js ${major}.${minor} or newer. Install a newer Node.js, or point your MCP client's "command" at one (node --version shows which runs).`;
  return `{const [a,b]=process.versions.node.split(".").map(Number);if(a<${major}||(a===${major}&&b<${minor})){process.stderr.write(\`${line}\\n\`);process.exit(2)}}`;
}

/** zod re-exports every locale's messages (~250 KiB); we use English only, which zod imports itself. */
const englishOnlyZod = {
  name: "english-only-zod",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer)
        ? { path: "zod-locales", namespace: "english-only-zod" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "english-only-zod" }, () => ({
      contents: 'export { default as en } from "zod/v4/locales/en.js";',
      resolveDir: process.cwd(),
    }));
  },
};

const common = {
  plugins: [englishOnlyZod],
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
    js: `#!/usr/bin/env node\n${await nodeVersionCheck()}\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);`,
  },
};

await rm(new URL("../dist", import.meta.url), { recursive: true, force: true });
const [bin, single] = await Promise.all([
  build({
    ...common,
    entryPoints: { cli: "src/cli.ts" },
    outdir: "dist",
    chunkNames: "chunks/[name]-[hash]",
    splitting: true,
  }),
  build({ ...common, entryPoints: ["src/cli.ts"], outfile: "dist/bundle/server.js" }),
]);
await chmod("dist/cli.js", 0o755);

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
const js = (result) => Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith(".js"));
const total = js(bin).reduce((sum, [, o]) => sum + o.bytes, 0);
console.error(
  `dist/cli.js: ${kib(bin.metafile.outputs["dist/cli.js"]?.bytes ?? 0)} (${kib(total)} with ${js(bin).length - 1} lazy chunks)`,
);
console.error(`dist/bundle/server.js: ${kib(single.metafile.outputs["dist/bundle/server.js"]?.bytes ?? 0)}`);
