import { describe, expect, it } from "vitest";
import { describeBody } from "./http-body.js";

describe("describeBody", () => {
  it("counts tool calls and names them for the access log", () => {
    const body = describeBody([
      { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "list_spaces", arguments: {} } },
      { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "get_space" } },
      { jsonrpc: "2.0", method: "notifications/progress" },
    ]);
    expect(body).toMatchObject({
      toolCalls: 2,
      summary: "tools/call list_spaces,tools/call get_space,notifications/progress",
      isInitialize: false,
      hasRequests: true,
      singleId: null,
    });
  });

  it("recognises initialize and keeps the id of a single request", () => {
    const body = describeBody({ jsonrpc: "2.0", id: "x", method: "initialize", params: {} });
    expect(body).toMatchObject({ isInitialize: true, hasRequests: true, singleId: "x", toolCalls: 0 });
  });

  it("treats responses and notifications as needing no answer", () => {
    expect(describeBody({ jsonrpc: "2.0", id: 3, result: {} })).toMatchObject({
      hasRequests: false,
      summary: "response",
    });
    expect(describeBody({ jsonrpc: "2.0", method: "notifications/initialized" }).hasRequests).toBe(false);
  });

  it("does not trip on JSON that is not JSON-RPC (the SDK answers it)", () => {
    for (const json of [null, 42, "x", [], [1, null], { method: 7 }]) {
      expect(describeBody(json)).toMatchObject({ toolCalls: 0, isInitialize: false, hasRequests: false });
    }
  });
});
