import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { Dispatcher } from "undici";
import { createServer } from "../../src/server.js";
import { ORIGIN } from "./mock-api.js";

export const TEST_KEY = "ak-test-0123456789-secret";

export interface ToolResult {
  text: string;
  structured: Record<string, unknown> | undefined;
  isError: boolean;
}

/** An in-process MCP client connected to a fresh server whose API calls go to `dispatcher`. */
export async function connect(
  o: {
    dispatcher?: Dispatcher;
    baseUrl?: string;
    apiKey?: string | null;
    beforeConnect?: (client: Client) => void;
  } = {},
) {
  const logs: string[] = [];
  const server = createServer({
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
  const client = new Client({ name: "test", version: "1.0.0" });
  o.beforeConnect?.(client);
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return {
    client,
    logs,
    async call(name: string, args: Record<string, unknown> = {}): Promise<ToolResult> {
      const r = await client.callTool({ name, arguments: args });
      const first = (r.content as Array<{ type: string; text?: string }>)[0];
      return {
        text: first?.text ?? "",
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
