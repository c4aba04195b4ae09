import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";

export interface HttpOptions {
  /** Builds a fresh MCP server (one per session, or one per request when stateless). */
  createServer: () => McpServer;
  host: string;
  port: number;
  stateless: boolean;
  authToken: string | undefined;
  allowedHosts: string[];
  allowedOrigins: string[];
  maxSessions: number;
  sessionIdleMs: number;
  rateLimitPerMinute: number;
  logLine: (line: string) => void;
}

export interface HttpServerHandle {
  /** e.g. http://127.0.0.1:3000 (the MCP endpoint is url + "/mcp"). */
  url: string;
  /** Stops accepting, lets in-flight requests finish, closes sessions. */
  close(): Promise<void>;
}

export async function serveHttp(_options: HttpOptions): Promise<HttpServerHandle> {
  throw new Error("The HTTP transport is being built (issue 4).");
}
