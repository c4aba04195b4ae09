import * as sdk from "@modelcontextprotocol/server";
import { build } from "esbuild";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs build script, without type declarations
import { quickMessageGuards } from "../scripts/build-plugins.mjs";

/*
 * The build rewrites the SDK's JSON-RPC message guards to look at a message's keys before parsing it
 * (scripts/build-plugins.mjs). Here the SDK is bundled with that plugin alone, and its guards must answer
 * every message, valid or not, exactly as the SDK's own do.
 */

const GUARDS = [
  "isJSONRPCRequest",
  "isJSONRPCNotification",
  "isJSONRPCResultResponse",
  "isJSONRPCErrorResponse",
] as const;
type Guards = Record<(typeof GUARDS)[number], (value: unknown) => boolean>;

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
  [],
  null,
  "x",
  42,
];

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const messageLike = fc.record(
  {
    jsonrpc: fc.constantFrom("2.0", "1.0"),
    id: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.double()),
    method: fc.oneof(fc.string(), fc.integer()),
    params: fc.oneof(fc.dictionary(fc.string(), jsonValue), jsonValue),
    result: fc.oneof(fc.dictionary(fc.string(), jsonValue), jsonValue),
    error: fc.oneof(fc.record({ code: fc.integer(), message: fc.string() }), jsonValue),
  },
  { requiredKeys: [] },
);

describe("quickMessageGuards", () => {
  it("answers every message as the SDK's own guards do", async () => {
    const patched = await patchedSdk();
    const original = sdk as unknown as Guards;
    for (const m of messages) {
      for (const g of GUARDS) expect(patched[g](m), `${g}(${JSON.stringify(m)})`).toBe(original[g](m));
    }
    fc.assert(
      fc.property(messageLike, (m) => {
        for (const g of GUARDS) expect(patched[g](m)).toBe(original[g](m));
      }),
      { numRuns: 2000 },
    );
  });
});
