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
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

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

/**
 * The SDK takes its default JSON Schema validator (Ajv, 150 KiB that every start would parse) from
 * "@modelcontextprotocol/server/_shims". The server always passes its own (src/form-validator.ts), so the
 * bundle gets a stand-in that says so if anything ever asks for the default.
 */
/**
 * `import { x } from "node:y"` makes Node build an ES module namespace for the built-in, which reads every
 * export, lazy ones included (node:util's MIMEType, node:stream's web streams): about 6 ms of start-up for
 * the built-ins the server needs. In the bundle each becomes `process.getBuiltinModule("node:y")` (Node
 * 20.16+): the module object, with its plain properties as named exports. A lazy export the code imports is
 * named in LAZY_EXPORTS_USED; esbuild stops the build ("No matching export") when one is missing there.
 */
const LAZY_EXPORTS_USED = { "node:util": ["parseArgs"] };

const builtinsWithoutNamespaces = {
  name: "builtins-without-namespaces",
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) =>
      args.kind === "import-statement" ? { path: args.path, namespace: "builtin" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "builtin" }, (args) => {
      const descriptors = Object.getOwnPropertyDescriptors(process.getBuiltinModule(args.path));
      const plain = Object.keys(descriptors).filter(
        (name) => "value" in descriptors[name] && /^[A-Za-z_$][\w$]*$/.test(name) && name !== "default",
      );
      const names = [...plain, ...(LAZY_EXPORTS_USED[args.path] ?? [])];
      return {
        contents: `const m = process.getBuiltinModule(${JSON.stringify(args.path)});
export default m;
export const { ${names.join(", ")} } = m;`,
      };
    });
  },
};

/**
 * The SDK tells JSON-RPC message kinds apart with zod: isJSONRPCRequest(m) is a full safeParse, and it
 * asks each message several such questions, most answered "no", and a failed parse builds a ZodError with
 * worded issues (about a tenth of a tool call's CPU). Each check here is first asked of the message's keys,
 * which every message of that kind has (the schemas are strict: a notification has no id), so the answers
 * do not change; only a "no" becomes cheap. The build stops if the SDK's code no longer reads as expected.
 */
const GUARD_KEYS = {
  isJSONRPCRequest: `"method" in value && "id" in value`,
  isJSONRPCNotification: `"method" in value && !("id" in value)`,
  isJSONRPCResultResponse: `"result" in value`,
  isJSONRPCErrorResponse: `"error" in value`,
};

const quickMessageGuards = {
  name: "quick-message-guards",
  setup(build) {
    build.onLoad(
      { filter: /@modelcontextprotocol[\\/]server[\\/]dist[\\/]src-[^\\/]+\.mjs$/ },
      async (args) => {
        let contents = await readFile(args.path, "utf8");
        for (const [guard, keys] of Object.entries(GUARD_KEYS)) {
          const original = new RegExp(
            `const ${guard} = \\(value\\) => (\\w+)\\.safeParse\\(value\\)\\.success;`,
          );
          if (!original.test(contents))
            throw new Error(`${guard} in ${args.path} changed: review quickMessageGuards`);
          contents = contents.replace(
            original,
            `const ${guard} = (value) => typeof value === "object" && value !== null && ${keys} && $1.safeParse(value).success;`,
          );
        }
        return { contents, loader: "js" };
      },
    );
  },
};

const noDefaultValidator = {
  name: "no-default-validator",
  setup(build) {
    build.onResolve({ filter: /^@modelcontextprotocol\/server\/_shims$/ }, () => ({
      path: "shims",
      namespace: "no-default-validator",
    }));
    build.onLoad({ filter: /.*/, namespace: "no-default-validator" }, () => ({
      contents: `export { default as process } from "node:process";
export class DefaultJsonSchemaValidator {
  constructor() {
    throw new Error("arize-ax-spaces-mcp: the SDK's default JSON Schema validator is not bundled; pass jsonSchemaValidator");
  }
}`,
    }));
  },
};

/**
 * Each tool's tools/list entry, computed from the source now, so that the built server serves it as a
 * constant instead of converting zod schemas to JSON Schema at every start (src/tools/listing.ts).
 */
async function prebuiltToolListing() {
  const entry = `import { tools } from "./src/tools/index.ts";
import { convertedListing } from "./src/tools/listing.ts";
export default Object.fromEntries(tools.map((tool) => [tool.name, convertedListing(tool)]));`;
  const out = await build({
    stdin: { contents: entry, resolveDir: fileURLToPath(new URL("..", import.meta.url)), loader: "ts" },
    plugins: [englishOnlyZod],
    bundle: true,
    platform: "node",
    format: "esm",
    write: false,
    logLevel: "warning",
  });
  const code = Buffer.from(out.outputFiles[0].contents).toString("base64");
  return (await import(`data:text/javascript;base64,${code}`)).default;
}

await rm(new URL("../dist", import.meta.url), { recursive: true, force: true });
const result = await build({
  plugins: [englishOnlyZod, noDefaultValidator, builtinsWithoutNamespaces, quickMessageGuards],
  define: { PREBUILT_TOOL_LISTING: JSON.stringify(await prebuiltToolListing()) },
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
  // Bundled CommonJS dependencies call require() for Node built-ins.
  banner: {
    js: `#!/usr/bin/env node\n${await nodeVersionCheck()}\n// Bundled third-party code: licenses in THIRD_PARTY_NOTICES.txt\nconst require = process.getBuiltinModule("node:module").createRequire(import.meta.url);`,
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
