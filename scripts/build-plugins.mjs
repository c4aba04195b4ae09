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
 * asks each message several such questions, and parses every message the transports read
 * (parseJSONRPCMessage), at a few microseconds each (a failed parse also builds a ZodError with worded
 * issues). Each question is first asked in plain code that gives an answer only where it is certain:
 * - "no" when the message lacks a key every message of that kind has (the schemas are strict: a
 *   notification has no id);
 * - "yes" when every part of the message is of a shape the schema certainly accepts: plain objects with
 *   only the schema's keys, "2.0", an ID that is a string or a safe integer, and no optional part whose
 *   schema would look deeper (a related-task marker, a progress token of another type). parseJSONRPCMessage
 *   then returns the message itself, which is what zod would return a copy of.
 * Anything else goes to zod, so every answer is the SDK's own (test/build-plugins.test.ts compares them).
 * The build stops if the SDK's code no longer reads as expected.
 */
const GUARDS = {
  isJSONRPCRequest: { has: `"method" in value && "id" in value`, sure: "quickGuards.request(value)" },
  isJSONRPCNotification: {
    has: `"method" in value && !("id" in value)`,
    sure: "quickGuards.notification(value)",
  },
  isJSONRPCResultResponse: { has: `"result" in value`, sure: "quickGuards.result(value, false)" },
  isJSONRPCErrorResponse: { has: `"error" in value`, sure: "quickGuards.error(value)" },
};

/** The "yes" answers; `exact` asks also that zod's copy of the message would equal it. */
const QUICK_GUARDS = `const quickGuards = (() => {
  const plain = (v) => typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;
  const only = (v, keys) => { for (const k in v) if (!keys.includes(k)) return false; return true; };
  const id = (v) => typeof v === "string" || Number.isSafeInteger(v);
  const meta = (m) => m === undefined || (plain(m) && (m.progressToken === undefined || id(m.progressToken)) && m["io.modelcontextprotocol/related-task"] === undefined);
  const params = (p) => p === undefined || (plain(p) && meta(p._meta));
  const request = (v) => plain(v) && only(v, ["jsonrpc", "id", "method", "params"]) && v.jsonrpc === "2.0" && id(v.id) && typeof v.method === "string" && params(v.params);
  const notification = (v) => plain(v) && only(v, ["jsonrpc", "method", "params"]) && v.jsonrpc === "2.0" && typeof v.method === "string" && params(v.params);
  const result = (v, exact) => plain(v) && only(v, ["jsonrpc", "id", "result"]) && v.jsonrpc === "2.0" && id(v.id) && plain(v.result) && (v.result._meta === undefined || (plain(v.result._meta) && (!exact || v.result._meta["io.modelcontextprotocol/serverInfo"] === undefined)));
  const error = (v) => plain(v) && only(v, ["jsonrpc", "id", "error"]) && v.jsonrpc === "2.0" && (v.id === undefined || id(v.id)) && plain(v.error) && only(v.error, ["code", "message", "data"]) && Number.isSafeInteger(v.error.code) && typeof v.error.message === "string";
  const message = (v) => request(v) || notification(v) || result(v, true) || error(v);
  return { request, notification, result, error, message };
})();
`;

function replaceOnce(contents, pattern, replacement, what, path) {
  if (!pattern.test(contents))
    throw new Error(`${what} in ${path} changed: review scripts/build-plugins.mjs`);
  return contents.replace(pattern, replacement);
}

/** The SDK's module source with the guards and parseJSONRPCMessage answering plain cases first. */
function quickGuardsPatch(contents, path) {
  for (const [guard, { has, sure }] of Object.entries(GUARDS)) {
    contents = replaceOnce(
      contents,
      new RegExp(`const ${guard} = \\(value\\) => (\\w+)\\.safeParse\\(value\\)\\.success;`),
      `const ${guard} = (value) => typeof value === "object" && value !== null && ${has} && (${sure} || $1.safeParse(value).success);`,
      guard,
      path,
    );
  }
  return replaceOnce(
    contents,
    /function parseJSONRPCMessage\(value\) \{\n\treturn (\w+)\.parse\(value\);\n\}/,
    `${QUICK_GUARDS}function parseJSONRPCMessage(value) {\n\treturn quickGuards.message(value) ? value : $1.parse(value);\n}`,
    "parseJSONRPCMessage",
    path,
  );
}

/**
 * Before a 2026-07-28 request reaches its handler, the SDK lifts the envelope keys out of params._meta
 * (liftWireOnlyMaterial): it copies params and _meta, then `delete`s the lifted keys from the copies. A
 * deleted property turns a V8 object into a slow dictionary, and every later read of params (the
 * SDK's checks, zod, the tool) pays for it: about 35 µs a call. The rewrite copies without the lifted keys
 * instead (object rest), which gives objects with the same keys and values. test/build-plugins.test.ts
 * runs both versions on generated messages.
 */
const LIFT_DELETES = `	const lifted = {};
	const nextParams = { ...params };
	if (envelopeKeys.length > 0 && isPlainObject$1(meta)) {
		const envelope = {};
		const nextMeta = { ...meta };
		for (const key of envelopeKeys) {
			envelope[key] = meta[key];
			delete nextMeta[key];
		}
		lifted.envelope = envelope;
		if (Object.keys(nextMeta).length > 0) nextParams._meta = nextMeta;
		else delete nextParams._meta;
	}
	for (const key of retryKeys) {
		if (key === "inputResponses") lifted.inputResponses = nextParams[key];
		if (key === "requestState") lifted.requestState = nextParams[key];
		delete nextParams[key];
	}
	return {`;

const LIFT_COPIES = `	const lifted = {};
	let nextParams = withoutKeys(params, retryKeys);
	if (envelopeKeys.length > 0 && isPlainObject$1(meta)) {
		const envelope = {};
		for (const key of envelopeKeys) envelope[key] = meta[key];
		lifted.envelope = envelope;
		const nextMeta = withoutKeys(meta, envelopeKeys);
		if (Object.keys(nextMeta).length > 0) nextParams._meta = nextMeta;
		else nextParams = withoutKeys(nextParams, ["_meta"]);
	}
	for (const key of retryKeys) {
		const value = Object.hasOwn(params, key) ? params[key] : void 0;
		if (key === "inputResponses") lifted.inputResponses = value;
		if (key === "requestState") lifted.requestState = value;
	}
	return {`;

/** An object's own enumerable properties but (at most six) \`keys\`, as \`{ ...source }\` would copy them. */
const WITHOUT_KEYS = `const withoutKeys = (() => {
	const none = Symbol("none");
	return (source, keys) => {
		if (keys.length > 6) throw new Error("withoutKeys: at most six keys");
		const [a = none, b = none, c = none, d = none, e = none, f = none] = keys;
		const { [a]: _a, [b]: _b, [c]: _c, [d]: _d, [e]: _e, [f]: _f, ...rest } = source;
		return rest;
	};
})();
`;

export function liftWithoutDeletePatch(contents, path) {
  if (!contents.includes(LIFT_DELETES)) {
    throw new Error(`liftWireOnlyMaterial in ${path} changed: review scripts/build-plugins.mjs`);
  }
  const lift = contents.replace(LIFT_DELETES, () => LIFT_COPIES);
  return replaceOnce(
    lift,
    /\nfunction liftWireOnlyMaterial\(message, kind\) \{/,
    `\n${WITHOUT_KEYS}function liftWireOnlyMaterial(message, kind) {`,
    "liftWireOnlyMaterial",
    path,
  );
}

/** The patches above, applied to the SDK module that holds the code they change. */
export const sdkPatches = {
  name: "sdk-patches",
  setup(build) {
    build.onLoad(
      { filter: /@modelcontextprotocol[\\/]server[\\/]dist[\\/]src-[^\\/]+\.mjs$/ },
      async (args) => {
        const contents = await readFile(args.path, "utf8");
        return {
          contents: liftWithoutDeletePatch(quickGuardsPatch(contents, args.path), args.path),
          loader: "js",
        };
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
