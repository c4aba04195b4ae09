import * as sdk from "@modelcontextprotocol/server";
import { build } from "esbuild";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs build script, without type declarations
import { quickMessageGuards } from "../scripts/build-plugins.mjs";

/*
 * The build rewrites the SDK's JSON-RPC message guards and parseJSONRPCMessage to answer plain cases
 * without zod (scripts/build-plugins.mjs). Here the SDK is bundled with that plugin alone: its guards must
 * answer every message, valid or not, exactly as the SDK's own do, and parseJSONRPCMessage must return
 * what the SDK's returns, or throw where it throws.
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
    plugins: [quickMessageGuards],
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

describe("quickMessageGuards", () => {
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
