import { LoggingMessageNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, expect, it, vi } from "vitest";
import { connect } from "../test/support/mcp.js";
import { mockApi, problem, wire } from "../test/support/mock-api.js";
import { BETA_NOTICE } from "./server.js";

let api: ReturnType<typeof mockApi>;
let mcp: Awaited<ReturnType<typeof connect>>;
afterEach(async () => {
  await mcp.close();
  await api.agent.close();
});

async function withLogMessages() {
  api = mockApi();
  const messages: Array<{ level: string; data: unknown }> = [];
  mcp = await connect({
    dispatcher: api.agent,
    beforeConnect: (client) =>
      client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
        messages.push({ level: n.params.level, data: n.params.data });
      }),
  });
  return messages;
}

it("declares logging and states the beta notice in its instructions", async () => {
  await withLogMessages();
  expect(mcp.client.getServerCapabilities()?.logging).toEqual({});
  expect(mcp.client.getInstructions()).toContain(BETA_NOTICE);
  expect(mcp.client.getServerVersion()?.name).toBe("arize-ax-spaces-mcp");
});

it("sends the beta notice once as an MCP log message", async () => {
  const messages = await withLogMessages();
  await vi.waitFor(() => expect(messages.some((m) => m.data === BETA_NOTICE)).toBe(true));
  await mcp.client.ping();
  expect(messages.filter((m) => m.data === BETA_NOTICE)).toEqual([{ level: "notice", data: BETA_NOTICE }]);
});

it("sends a retry as an MCP log message and to the log", async () => {
  const messages = await withLogMessages();
  api.onTimes("GET", "/v2/spaces", 1, problem(503, "Service Unavailable"));
  api.on("GET", "/v2/spaces", { body: wire.page("spaces", []) });
  const r = await mcp.call("list_spaces");
  expect(r.isError).toBe(false);
  const retry = messages.find((m) => String(m.data).includes("answered HTTP 503; retry 1 of 2"));
  expect(retry?.level).toBe("warning");
  expect(mcp.logs.some((l) => l.includes("warning: GET /v2/spaces answered HTTP 503; retry 1 of 2"))).toBe(
    true,
  );
});

it("respects the client's log level", async () => {
  const messages = await withLogMessages();
  await mcp.client.setLoggingLevel("error");
  api.onTimes("GET", "/v2/spaces", 1, problem(503, "Service Unavailable"));
  api.on("GET", "/v2/spaces", { body: wire.page("spaces", []) });
  await mcp.call("list_spaces");
  expect(messages.filter((m) => m.level === "warning")).toHaveLength(0);
});
