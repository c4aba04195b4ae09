// esbuild plugins for scripts/build.mjs: what the bundle leaves out or loads differently, each for a reason
// measured in BENCHMARKS.md (start-up and per-call cost). Exported one by one so tests can check them.
import { readFile } from "node:fs/promises";

/** zod re-exports every locale's messages (~250 KiB); we use English only, which zod imports itself. */
export const englishOnlyZod = {
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

/**
 * `import { x } from "node:y"` makes Node build an ES module namespace for the built-in, which reads every
 * export, lazy ones included (node:util's MIMEType, node:stream's web streams): about 6 ms of start-up for
 * the built-ins the server needs. In the bundle each becomes `process.getBuiltinModule("node:y")` (Node
 * 20.16+): the module object, with its plain properties as named exports. A lazy export the code imports is
 * named in LAZY_EXPORTS_USED; esbuild stops the build ("No matching export") when one is missing there.
 */
const LAZY_EXPORTS_USED = { "node:util": ["parseArgs"] };

export const builtinsWithoutNamespaces = {
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

export const quickMessageGuards = {
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

/**
 * The SDK takes its default JSON Schema validator (Ajv, 150 KiB that every start would parse) from
 * "@modelcontextprotocol/server/_shims". The server always passes its own (src/form-validator.ts), so the
 * bundle gets a stand-in that says so if anything ever asks for the default.
 */
export const noDefaultValidator = {
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
 * src/tools/catalog.ts, replaced by its values as computed from the source at build time: the catalog
 * module imports every tool (schemas, handlers, the HTTP client behind them) to compute them, and the
 * constant lets start-up skip all of that. test/e2e-stdio.test.ts checks that dist/ lists what the source
 * defines.
 */
export function prebuiltCatalog(catalog) {
  return {
    name: "prebuilt-catalog",
    setup(build) {
      build.onLoad({ filter: /[\\/]src[\\/]tools[\\/]catalog\.ts$/ }, () => ({
        contents: `export const catalog = ${JSON.stringify(catalog)};`,
        loader: "js",
      }));
    },
  };
}
