/** The setup every tool's own tests share: a mock Arize API and an MCP client of a server that calls it. */

import { afterEach, beforeEach } from "vitest";
import { connect } from "./mcp.js";
import { mockApi } from "./mock-api.js";

export interface ToolTest {
  /** This test's mock API: what it answers, and the requests it received. */
  readonly api: ReturnType<typeof mockApi>;
  /** This test's MCP client. */
  readonly mcp: Awaited<ReturnType<typeof connect>>;
}

/** A fresh mock API and connected client before each test of the calling file, both closed after it. */
export function mockApiForEachTest(): ToolTest {
  let current: { api: ToolTest["api"]; mcp: ToolTest["mcp"] } | undefined;
  beforeEach(async () => {
    const api = mockApi();
    current = { api, mcp: await connect({ dispatcher: api.agent }) };
  });
  afterEach(async () => {
    const ending = current;
    current = undefined;
    await ending?.mcp.close();
    await ending?.api.agent.close();
  });
  const now = () => {
    if (!current) throw new Error("mockApiForEachTest: used outside a test");
    return current;
  };
  return {
    get api() {
      return now().api;
    },
    get mcp() {
      return now().mcp;
    },
  };
}
