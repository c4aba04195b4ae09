import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { CallToolResult, ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import { ArizeClient, type ArizeClientOptions, type LogLevel } from "./arize/client.js";
import { Resolver } from "./arize/resolve.js";
import { toToolErrorText } from "./errors.js";
import type { ToolContext, ToolDefinition } from "./tools/define.js";
import { tools as allTools } from "./tools/index.js";
import { VERSION } from "./version.js";

type RequestExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

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
  /** HTTP: a request may carry its own Arize key in X-Arize-Api-Key, used for that request only. */
  acceptClientApiKey?: boolean;
}

export const CLIENT_API_KEY_HEADER = "x-arize-api-key";

function headerValue(headers: Record<string, string | string[] | undefined> | undefined, name: string) {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() || undefined;
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
  const shared: ToolContext = { client, resolve: new Resolver(client) };
  /** A client's own key gets its own client and resolver cache, so nothing is shared between keys. */
  const contextFor = (extra: RequestExtra): ToolContext => {
    const key = deps.acceptClientApiKey
      ? headerValue(extra.requestInfo?.headers, CLIENT_API_KEY_HEADER)
      : undefined;
    if (!key) return shared;
    const own = client.withApiKey(key);
    return { client: own, resolve: new Resolver(own) };
  };

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
      async (args: unknown, extra: RequestExtra): Promise<CallToolResult> => {
        try {
          const value = await tool.handler(args as never, contextFor(extra));
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
