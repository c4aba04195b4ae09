import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { createMcpHandler, isLegacyRequest, type Server } from "@modelcontextprotocol/server";
import type { Config } from "../config.js";
import { VERSION } from "../version.js";
import { describeBody, type McpBody, readBody } from "./http-body.js";
import { Drain } from "./http-drain.js";
import { frontDoor } from "./http-front-door.js";
import { bracketHost } from "./http-guards.js";
import { LegacySessions } from "./http-legacy.js";
import { header, sendJson, sendRpcError, sendWebResponse, toWebRequest } from "./http-reply.js";
import { RateLimiter } from "./rate-limit.js";

/** The HTTP settings of the configuration (see config.ts for what each means). */
type HttpSettings = Pick<
  Config,
  | "host"
  | "stateless"
  | "authToken"
  | "allowedHosts"
  | "allowedOrigins"
  | "maxSessions"
  | "sessionIdleMs"
  | "rateLimitPerMinute"
>;

export interface HttpOptions extends HttpSettings {
  /** Builds a fresh MCP server: per request (2026-07-28, and 2025 when stateless) or per 2025 session. */
  createServer: () => Server;
  port: number;
  logLine: (line: string) => void;
  /** How long close() lets in-flight requests finish before cutting them off. Default 25 s. */
  drainTimeoutMs?: number;
  /** Largest accepted request body. Default 1 MiB. */
  maxBodyBytes?: number;
}

export interface HttpServerHandle {
  /** e.g. http://127.0.0.1:3000 (the MCP endpoint is url + "/mcp"). */
  url: string;
  /** Stops accepting, lets in-flight requests finish, closes sessions. */
  close(): Promise<void>;
}

/** Tool arguments are small; a megabyte is generous and keeps a flood of large bodies cheap to refuse. */
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Below Kubernetes' default 30 s termination grace period, so the pod is not killed mid-drain. */
const DEFAULT_DRAIN_TIMEOUT_MS = 25_000;
/** JSON-RPC batches were removed in protocol 2025-06-18; older 2025 clients may still send them. */
const LAST_VERSION_WITH_BATCHES = "2025-03-26";

const MCP_PATH = "/mcp";
const HEALTH_PATH = "/healthz";
const ERAS = ["2026-07-28", "2025-11-25"];

/** What the access-log line says about one request; filled in while it is served. */
interface Exchange {
  started: number;
  method: string;
  path: string;
  client: string;
  session: string | undefined;
  rpc: string | undefined;
  era: "legacy" | "modern" | undefined;
  /** Fires when the response is finished or the client went away: how a 2026-07-28 call is cancelled. */
  aborted: AbortController;
  onEnd(listener: () => void): void;
}

/** The request's route to an MCP answer: by era, and by whether 2025 clients get sessions. */
interface Router {
  route(request: Request, body: McpBody | undefined, exchange: Exchange): Promise<Response>;
  sessions?: LegacySessions;
  close(): Promise<void>;
}

/**
 * Stateless: every request, of either era, is served by a fresh server. Stateful: 2026-07-28 requests
 * still are (that era has no sessions); 2025 clients get sessions, GET streams and elicitation.
 */
function router(options: HttpOptions, onerror: (err: Error) => void): Router {
  const factory = () => options.createServer();
  if (options.stateless) {
    const handler = createMcpHandler(factory, { legacy: "stateless", onerror });
    return {
      route: async (request, body) => handler.fetch(request, { parsedBody: body?.json }),
      close: () => handler.close(),
    };
  }
  const modern = createMcpHandler(factory, { legacy: "reject", onerror });
  const sessions = new LegacySessions({
    createServer: factory,
    maxSessions: options.maxSessions,
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

/** Serves MCP over Streamable HTTP at /mcp, with /healthz, until close() is called. */
export async function serveHttp(options: HttpOptions): Promise<HttpServerHandle> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const door = frontDoor(options);
  const limiter = new RateLimiter(options.rateLimitPerMinute);
  const drain = new Drain(options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS);
  const routes = router(options, () => {});
  let origin = "";

  function accessLog(exchange: Exchange, res: ServerResponse): void {
    const line: Record<string, unknown> = {
      time: new Date().toISOString(),
      method: exchange.method,
      path: exchange.path,
      status: res.headersSent ? res.statusCode : 0,
      ms: Math.round(performance.now() - exchange.started),
      client: exchange.client,
    };
    if (exchange.era) line.era = exchange.era;
    if (exchange.session) line.session = exchange.session.slice(0, 8);
    if (exchange.rpc) line.rpc = exchange.rpc;
    if (!res.writableFinished) line.aborted = true;
    options.logLine(JSON.stringify(line));
  }

  async function handle(req: IncomingMessage, res: ServerResponse, exchange: Exchange): Promise<void> {
    if (drain.active) res.setHeader("Connection", "close");
    if (!door.admit(req, res, exchange.path === MCP_PATH)) return;
    if (exchange.path === HEALTH_PATH) return health(req, res);
    if (exchange.path !== MCP_PATH) return sendRpcError(res, 404, "Not Found: the MCP endpoint is /mcp");

    if (req.method === "POST") return post(req, res, exchange);
    if (req.method === "GET" || req.method === "DELETE") {
      if (options.stateless) {
        return sendRpcError(res, 405, "Method Not Allowed: this server is stateless; only POST is served", {
          headers: { Allow: "POST" },
        });
      }
      if (drain.active) return sendRpcError(res, 503, "Service Unavailable: the server is shutting down");
      return sendWebResponse(
        res,
        await routes.route(webRequest(req, undefined, exchange), undefined, exchange),
      );
    }
    return sendRpcError(res, 405, "Method Not Allowed", { headers: { Allow: "GET, POST, DELETE" } });
  }

  function health(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendJson(res, 405, { error: "Method Not Allowed" }, { Allow: "GET, HEAD" });
      return;
    }
    // Draining answers 503 so a load balancer stops sending new work here.
    sendJson(res, drain.active ? 503 : 200, {
      status: drain.active ? "draining" : "ok",
      name: "arize-ax-spaces-mcp",
      version: VERSION,
      mode: options.stateless ? "stateless" : "stateful",
      protocolVersions: ERAS,
      sessions: routes.sessions?.size,
    });
  }

  async function post(req: IncomingMessage, res: ServerResponse, exchange: Exchange): Promise<void> {
    const read = await readBody(req, maxBodyBytes);
    if (!read.ok) {
      if (read.reason === "aborted") return void res.destroy();
      // The rest of an oversized body is not read: answer, then close the connection.
      res.once("finish", () => req.destroy());
      return sendRpcError(
        res,
        413,
        `Payload Too Large: the request body must not exceed ${maxBodyBytes} bytes`,
        {
          headers: { Connection: "close" },
        },
      );
    }
    let body: McpBody;
    try {
      body = describeBody(JSON.parse(read.text));
    } catch {
      return sendRpcError(res, 400, "Parse error: the body is not valid JSON", { code: -32700 });
    }
    exchange.rpc = body.summary || undefined;
    // 2025-03-26 clients send no MCP-Protocol-Version header; later ones must, and may not batch.
    const version = body.claimsModern ? "2026-07-28" : header(req, "mcp-protocol-version");
    if (body.isBatch && version !== undefined && version > LAST_VERSION_WITH_BATCHES) {
      return sendRpcError(
        res,
        400,
        `Invalid Request: JSON-RPC batches are not supported by protocol ${version}; send one message per request`,
        { code: -32600 },
      );
    }
    if (drain.active && body.hasRequests) {
      // Answers to the server's own requests (an elicitation an in-flight call waits for) still go through.
      return sendRpcError(res, 503, "Service Unavailable: the server is shutting down", {
        id: body.singleId,
      });
    }
    if (body.toolCalls > 0) {
      const decision = limiter.take(exchange.client, body.toolCalls);
      if (!decision.ok) {
        return sendRpcError(
          res,
          429,
          `Too Many Requests: at most ${options.rateLimitPerMinute} tool calls per minute per client; retry in ${decision.retryAfterSeconds} s`,
          { id: body.singleId, headers: { "Retry-After": String(decision.retryAfterSeconds) } },
        );
      }
    }
    return sendWebResponse(res, await routes.route(webRequest(req, read.text, exchange), body, exchange));
  }

  function webRequest(req: IncomingMessage, body: string | undefined, exchange: Exchange): Request {
    return toWebRequest(req, `${origin}${req.url ?? MCP_PATH}`, body, exchange.aborted.signal);
  }

  const server = createServer((req, res) => {
    const listeners: Array<() => void> = [];
    const exchange: Exchange = {
      started: performance.now(),
      method: req.method ?? "",
      path: (req.url ?? "/").split("?")[0] ?? "/",
      client: req.socket.remoteAddress ?? "",
      session: undefined,
      rpc: undefined,
      era: undefined,
      aborted: new AbortController(),
      onEnd: (listener) => listeners.push(listener),
    };
    // GET streams are closed on shutdown, not waited for.
    const finished = exchange.method === "GET" ? () => {} : drain.begin();
    res.once("close", () => {
      exchange.aborted.abort();
      for (const listener of listeners) listener();
      finished();
      accessLog(exchange, res);
    });
    handle(req, res, exchange).catch(() => {
      // Never a stack trace or header on the wire; the access log records the failure's status.
      if (!res.headersSent) sendRpcError(res, 500, "Internal Server Error");
      else res.destroy();
    });
  });
  // Longer than load balancers' idle timeouts (nginx upstream keepalive and AWS ALB: 60 s), so that they
  // close idle connections, not we: a proxy reusing a connection just closed here would answer 502.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await listen(server, options.port, options.host);
  const { port } = server.address() as AddressInfo;
  const url = `http://${bracketHost(options.host)}:${port}`;
  origin = url;

  return {
    url,
    close: drain.closer(server, () => routes.close()),
  };
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
