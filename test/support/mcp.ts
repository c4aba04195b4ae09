import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { ClientCapabilities } from "@modelcontextprotocol/sdk/types.js";
import type { Dispatcher } from "undici";
import { createServer, type ServerDeps } from "../../src/server.js";
import { tools } from "../../src/tools/index.js";
import { ORIGIN } from "./mock-api.js";

export const TEST_KEY = "ak-test-0123456789-secret";

export interface ToolResult {
  text: string;
  structured: Record<string, unknown> | undefined;
  isError: boolean;
}

/** An in-process MCP client connected to a fresh server whose API calls go to `dispatcher` (or `baseUrl`). */
export async function connect(
  o: {
    dispatcher?: Dispatcher;
    baseUrl?: string;
    apiKey?: string | null;
    beforeConnect?: (client: Client) => void;
    /** Extra server dependencies: tools, protect, audit, confirmTimeoutMs. */
    server?: Partial<ServerDeps>;
    /** Client capabilities, e.g. { elicitation: {} }. */
    capabilities?: ClientCapabilities;
  } = {},
) {
  const logs: string[] = [];
  const server = createServer({
    ...o.server,
    api: {
      baseUrl: o.baseUrl ?? ORIGIN,
      apiKey: o.apiKey === null ? undefined : (o.apiKey ?? TEST_KEY),
      timeoutMs: 2000,
      userAgent: "arize-ax-spaces-mcp/test",
      dispatcher: o.dispatcher,
      sleep: async () => {},
    },
    logLine: (line) => logs.push(line),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "test", version: "1.0.0" }, { capabilities: o.capabilities ?? {} });
  o.beforeConnect?.(client);
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return {
    client,
    logs,
    async call(name: string, args: Record<string, unknown> = {}): Promise<ToolResult> {
      const r = await client.callTool({ name, arguments: args });
      // Every successful result must match the tool's declared output schema (the MCP spec requires it).
      const tool = tools.find((t) => t.name === name);
      if (tool && !r.isError) tool.outputSchema.strict().parse(r.structuredContent);
      return {
        text: textOf(r),
        structured: r.structuredContent as Record<string, unknown> | undefined,
        isError: r.isError === true,
      };
    },
    close: () => client.close(),
  };
}

/** The first text block of a callTool result. */
export function textOf(result: unknown): string {
  const content = (result as { content?: Array<{ text?: string }> }).content;
  return content?.[0]?.text ?? "";
}
