import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { ArizeClient, type ArizeClientOptions, type LogLevel } from "./arize/client.js";
import { Resolver } from "./arize/resolve.js";
import { toToolErrorText } from "./errors.js";
import type { ToolContext, ToolDefinition } from "./tools/define.js";
import { tools as allTools } from "./tools/index.js";
import { VERSION } from "./version.js";

export const BETA_NOTICE =
  "The Arize AX spaces API is in beta: its behaviour may change without notice. Report surprises to the maintainers.";

export interface ServerDeps {
  /** How to reach Arize; the server builds its own client so that retries are logged to this client. */
  api: Omit<ArizeClientOptions, "log">;
  /** Receives every log line; the CLI writes them to stderr. */
  logLine: (line: string) => void;
  /** A sentence appended to the instructions, e.g. that this is the sandbox. */
  notice?: string;
  tools?: readonly ToolDefinition[];
}

function instructions(notice: string | undefined): string {
  return [
    "Manage Arize AX spaces and who can use them.",
    "Spaces and organizations are given by ID or exact name, users by ID or email; list_spaces, list_organizations and list_users show IDs.",
    "delete_space needs confirm equal to the space's exact name, given only after the user agreed; dryRun shows what would go.",
    BETA_NOTICE,
    notice,
  ]
    .filter(Boolean)
    .join("\n");
}

/** Builds an MCP server with the tools registered. No I/O: cheap enough to build one per HTTP request. */
export function createServer(deps: ServerDeps): McpServer {
  const mcp = new McpServer(
    { name: "arize-ax-spaces-mcp", title: "Arize AX Spaces", version: VERSION },
    { capabilities: { logging: {} }, instructions: instructions(deps.notice) },
  );

  const log = (level: LogLevel, message: string) => {
    deps.logLine(`[arize-ax-spaces-mcp] ${level}: ${message}`);
    if (mcp.isConnected()) {
      mcp.sendLoggingMessage({ level, logger: "arize-ax-spaces-mcp", data: message }).catch(() => {});
    }
  };
  const client = new ArizeClient({ ...deps.api, log });
  const ctx: ToolContext = { client, resolve: new Resolver(client) };

  mcp.server.oninitialized = () => {
    mcp
      .sendLoggingMessage({ level: "notice", logger: "arize-ax-spaces-mcp", data: BETA_NOTICE })
      .catch(() => {});
  };

  for (const tool of deps.tools ?? allTools) {
    const { name, title, description, inputSchema, outputSchema, annotations } = tool;
    mcp.registerTool(
      name,
      { title, description, inputSchema, outputSchema, annotations },
      async (args: unknown): Promise<CallToolResult> => {
        try {
          const value = await tool.handler(args as never, ctx);
          const { text, structured } = tool.format(value, args as never);
          return { content: [{ type: "text", text }], structuredContent: structured };
        } catch (err) {
          const text = toToolErrorText(err, name, (line) => log("error", line));
          return { isError: true, content: [{ type: "text", text }] };
        }
      },
    );
  }
  return mcp;
}
