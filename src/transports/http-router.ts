import { createMcpHandler, isLegacyRequest, type Server } from "@modelcontextprotocol/server";
import { DEFAULT_MAX_SESSIONS_PER_CLIENT } from "../config.js";
import type { McpBody } from "./http-body.js";
import type { Exchange } from "./http-exchange.js";
import { LegacySessions } from "./http-legacy.js";

/** Where an admitted MCP request is answered: by protocol era, and by whether 2025 clients get sessions. */
export interface Router {
  route(request: Request, body: McpBody | undefined, exchange: Exchange): Promise<Response>;
  /** The live 2025 sessions (stateful only). */
  sessions?: LegacySessions;
  close(): Promise<void>;
}

/**
 * Stateless: every request, of either era, is served by a fresh server. Stateful: 2026-07-28 requests
 * still are (that era has no sessions); 2025 clients get sessions, GET streams and elicitation.
 */
export function router(options: {
  createServer: () => Server;
  stateless: boolean;
  maxSessions: number;
  maxSessionsPerClient?: number;
  sessionIdleMs: number;
}): Router {
  const factory = () => options.createServer();
  if (options.stateless) {
    const handler = createMcpHandler(factory, { legacy: "stateless" });
    return {
      route: (request, body) => handler.fetch(request, { parsedBody: body?.json }),
      close: () => handler.close(),
    };
  }
  const modern = createMcpHandler(factory, { legacy: "reject" });
  const sessions = new LegacySessions({
    createServer: factory,
    maxSessions: options.maxSessions,
    maxPerClient: options.maxSessionsPerClient ?? DEFAULT_MAX_SESSIONS_PER_CLIENT,
    idleMs: options.sessionIdleMs,
  });
  return {
    sessions,
    route: async (request, body, exchange) => {
      const legacy = request.method !== "POST" || (await isLegacyRequest(request, body?.json));
      exchange.era = legacy ? "legacy" : "modern";
      if (legacy) return sessions.handle(request, body, exchange);
      return modern.fetch(request, { parsedBody: body?.json });
    },
    close: async () => {
      await sessions.closeAll();
      await modern.close();
    },
  };
}
