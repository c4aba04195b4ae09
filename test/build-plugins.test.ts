import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as sdk from "@modelcontextprotocol/server";
import { build } from "esbuild";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs build script, without type declarations
import { liftWithoutDeletePatch, sdkPatches } from "../scripts/build-plugins.mjs";

/*
 * The build rewrites parts of the SDK for speed (scripts/build-plugins.mjs, sdkPatches). Here the SDK is
 * bundled with those patches alone: its guards must answer every message, valid or not, exactly as the
 * SDK's own do, and parseJSONRPCMessage must return what the SDK's returns, or throw where it throws. The
 * rewritten liftWireOnlyMaterial, which the SDK does not export, is run beside the original.
 */

const GUARDS = [
  "isJSONRPCRequest",
  "isJSONRPCNotification",
  "isJSONRPCResultResponse",
  "isJSONRPCErrorResponse",
] as const;
type Guards = Record<(typeof GUARDS)[number], (value: unknown) => boolean> & {
  parseJSONRPCMessage: (value: unknown) => unknown;
};

async function patchedSdk(): Promise<Guards> {
  const out = await build({
    stdin: { contents: 'export * from "@modelcontextprotocol/server";', resolveDir: process.cwd() },
    plugins: [sdkPatches],
    bundle: true,
    platform: "node",
    format: "esm",
    write: false,
    logLevel: "error",
  });
  const code = out.outputFiles[0]?.text ?? "";
  expect(code).toContain('"method" in value && "id" in value');
  expect(code).toContain("quickGuards.message(value) ? value");
  return import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
}

const messages: unknown[] = [
  { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "list_spaces", arguments: {} } },
  { jsonrpc: "2.0", id: "a", method: "ping" },
  { jsonrpc: "2.0", method: "notifications/initialized" },
  { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 1 } },
  { jsonrpc: "2.0", id: 1, result: {} },
  { jsonrpc: "2.0", id: 1, result: { content: [], _meta: { x: 1 } } },
  { jsonrpc: "2.0", id: 1, error: { code: -32602, message: "bad" } },
  { jsonrpc: "2.0", error: { code: -32700, message: "parse error" } },
  { jsonrpc: "2.0", id: 1, method: "x", result: {} },
  { jsonrpc: "2.0", id: null, method: "x" },
  { jsonrpc: "1.0", id: 1, method: "x" },
  { id: 1, method: "x" },
  { jsonrpc: "2.0", id: 1, method: "x", extra: true },
  { jsonrpc: "2.0", id: 1, result: {}, error: { code: 1, message: "m" } },
  { jsonrpc: "2.0", id: 1.5, result: {} },
  { jsonrpc: "2.0", id: 2 ** 53, method: "x" },
  { jsonrpc: "2.0", id: -0, method: "x" },
  { jsonrpc: "2.0", id: 1, method: "x", params: [] },
  { jsonrpc: "2.0", id: 1, method: "x", params: { _meta: { progressToken: 1.5 } } },
  { jsonrpc: "2.0", id: 1, method: "x", params: { _meta: { progressToken: "t", other: [1] } } },
  {
    jsonrpc: "2.0",
    id: 1,
    method: "x",
    params: { _meta: { "io.modelcontextprotocol/related-task": { taskId: "t", x: 1 } } },
  },
  { jsonrpc: "2.0", id: 1, method: "x", params: { _meta: null } },
  { jsonrpc: "2.0", method: "x", params: { _meta: { progressToken: null } } },
  {
    jsonrpc: "2.0",
    id: 1,
    result: { _meta: { "io.modelcontextprotocol/serverInfo": { name: "s", version: "1" } } },
  },
  { jsonrpc: "2.0", id: 1, result: { _meta: { "io.modelcontextprotocol/serverInfo": 7 } } },
  { jsonrpc: "2.0", id: 1, result: { _meta: [] } },
  { jsonrpc: "2.0", id: 1, result: [] },
  { jsonrpc: "2.0", id: 1, error: { code: 1, message: "m", data: { x: 1 }, extra: 2 } },
  { jsonrpc: "2.0", id: 1, error: { code: 1.5, message: "m" } },
  { jsonrpc: "2.0", id: null, error: { code: -32600, message: "batch" } },
  JSON.parse('{"jsonrpc":"2.0","id":1,"method":"x","__proto__":{}}'),
  Object.assign(Object.create(null), { jsonrpc: "2.0", id: 1, method: "x" }),
  [],
  null,
  "x",
  42,
];

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const id = fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.double(), fc.constant(2 ** 60));
const meta = fc.record(
  {
    progressToken: fc.oneof(id, jsonValue),
    "io.modelcontextprotocol/related-task": fc.oneof(fc.record({ taskId: fc.string() }), jsonValue),
    "io.modelcontextprotocol/serverInfo": fc.oneof(
      fc.record({ name: fc.string(), version: fc.string() }),
      jsonValue,
    ),
    other: jsonValue,
  },
  { requiredKeys: [] },
);
/** An object that may carry `_meta`, like params and results. */
const withMeta = fc.oneof(
  fc.dictionary(fc.string(), jsonValue),
  fc.record({ _meta: fc.oneof(meta, jsonValue), name: fc.string() }, { requiredKeys: [] }),
  jsonValue,
);
const messageLike = fc.record(
  {
    jsonrpc: fc.constantFrom("2.0", "1.0"),
    id,
    method: fc.oneof(fc.string(), fc.integer()),
    params: withMeta,
    result: withMeta,
    error: fc.oneof(
      fc.record(
        {
          code: fc.oneof(fc.integer(), fc.double()),
          message: fc.string(),
          data: jsonValue,
          extra: jsonValue,
        },
        { requiredKeys: ["code", "message"] },
      ),
      jsonValue,
    ),
    extra: jsonValue,
  },
  { requiredKeys: [] },
);

/** What parseJSONRPCMessage returns, or that it throws. */
function parsed(parse: (value: unknown) => unknown, m: unknown): unknown {
  try {
    return { value: parse(m) };
  } catch {
    return "throws";
  }
}

describe("sdkPatches", () => {
  it("answers every message as the SDK's own guards do", async () => {
    const patched = await patchedSdk();
    const original = sdk as unknown as Guards;
    const same = (m: unknown) => {
      for (const g of GUARDS) expect(patched[g](m), `${g}(${JSON.stringify(m)})`).toBe(original[g](m));
      expect(parsed(patched.parseJSONRPCMessage, m), JSON.stringify(m)).toStrictEqual(
        parsed(sdk.parseJSONRPCMessage, m),
      );
    };
    for (const m of messages) same(m);
    fc.assert(fc.property(messageLike, same), { numRuns: 3000 });
  });
});

type Lift = (message: unknown, kind: "request" | "notification") => unknown;

/** liftWireOnlyMaterial and what it needs, cut out of the SDK module's source and made callable. */
function liftFrom(source: string): Lift {
  const cut = (start: string, end: string) => {
    const from = source.indexOf(start);
    expect(from, start).toBeGreaterThanOrEqual(0);
    return source.slice(from, source.indexOf(end, from) + end.length);
  };
  const parts = [
    cut("function isPlainObject$1(", "\n}\n"),
    cut("const RESERVED_ENVELOPE_META_KEYS = [", "];"),
    cut("const RETRY_PARAMS_KEYS = [", "];"),
    source.includes("const withoutKeys = ") ? cut("const withoutKeys = ", "})();\n") : "",
    cut("function liftWireOnlyMaterial(", "\n}\n"),
  ];
  const keys = [
    "PROTOCOL_VERSION_META_KEY",
    "CLIENT_INFO_META_KEY",
    "CLIENT_CAPABILITIES_META_KEY",
    "LOG_LEVEL_META_KEY",
  ];
  const make = new Function(...keys, `${parts.join("\n")}\nreturn liftWireOnlyMaterial;`);
  return make(...keys.map((k) => (sdk as Record<string, unknown>)[k]));
}

function sdkModuleWithLift(): { path: string; source: string } {
  const dist = dirname(createRequire(import.meta.url).resolve("@modelcontextprotocol/server"));
  for (const file of readdirSync(dist).filter((f) => /^src-.*\.mjs$/.test(f))) {
    const source = readFileSync(join(dist, file), "utf8");
    if (source.includes("function liftWireOnlyMaterial(")) return { path: join(dist, file), source };
  }
  throw new Error("liftWireOnlyMaterial not found in the SDK");
}

describe("liftWireOnlyMaterial without delete", () => {
  it("lifts the same envelope and retry fields and leaves the same params, in the same order", () => {
    const { path, source } = sdkModuleWithLift();
    const original = liftFrom(source);
    const patched = liftFrom(liftWithoutDeletePatch(source, path));
    const envelopeKey = fc.constantFrom(
      sdk.PROTOCOL_VERSION_META_KEY,
      sdk.CLIENT_INFO_META_KEY,
      sdk.CLIENT_CAPABILITIES_META_KEY,
      sdk.LOG_LEVEL_META_KEY,
      "progressToken",
      "other",
      "__proto__",
    );
    const meta = fc.oneof(fc.dictionary(envelopeKey, jsonValue), jsonValue);
    const paramKey = fc.constantFrom(
      "name",
      "arguments",
      "inputResponses",
      "requestState",
      "_meta",
      "__proto__",
    );
    const params = fc.oneof(
      fc.dictionary(paramKey, jsonValue).chain((p) => meta.map((m) => ({ ...p, _meta: m }))),
      fc.dictionary(paramKey, jsonValue),
      jsonValue,
    );
    // Through JSON, as messages arrive: "__proto__" is then an own key, not the prototype.
    const message = params.map((p) =>
      JSON.parse(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: p })),
    );
    fc.assert(
      fc.property(message, fc.constantFrom("request", "notification"), (m, kind) => {
        const before = JSON.stringify(m);
        const a = original(structuredClone(m), kind as "request");
        const b = patched(m, kind as "request");
        expect(b).toStrictEqual(a);
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
        expect(JSON.stringify(m)).toBe(before);
      }),
      { numRuns: 3000 },
    );
    const typical = {
      jsonrpc: "2.0",
      id: 7,
      method: "tools/call",
      params: {
        name: "list_spaces",
        arguments: { limit: 25 },
        _meta: {
          progressToken: 3,
          [sdk.PROTOCOL_VERSION_META_KEY]: "2026-07-28",
          [sdk.CLIENT_INFO_META_KEY]: { name: "c", version: "1" },
        },
        requestState: "sealed",
      },
    };
    expect(patched(typical, "request")).toStrictEqual({
      message: {
        jsonrpc: "2.0",
        id: 7,
        method: "tools/call",
        params: { name: "list_spaces", arguments: { limit: 25 }, _meta: { progressToken: 3 } },
      },
      lifted: {
        envelope: {
          [sdk.PROTOCOL_VERSION_META_KEY]: "2026-07-28",
          [sdk.CLIENT_INFO_META_KEY]: { name: "c", version: "1" },
        },
        requestState: "sealed",
      },
    });
  });
});
