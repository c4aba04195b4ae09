import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import type { Server as McpServer } from "@modelcontextprotocol/sdk/server/index.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { Config } from "../config.js";
import { VERSION } from "../version.js";
import { describeBody, type McpBody, readBody } from "./http-body.js";
import { bearerChecker, bracketHost, hostChecker, originChecker } from "./http-guards.js";
import { RateLimiter } from "./rate-limit.js";
import { type SessionEntry, SessionRegistry } from "./sessions.js";

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
  /** Builds a fresh MCP server (one per session, or one per request when stateless). */
  createServer: () => McpServer;
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
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Below Kubernetes' default 30 s termination grace period, so the pod is not killed mid-drain. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 25_000;

const MCP_PATH = "/mcp";
const HEALTH_PATH = "/healthz";
const SESSION_HEADER = "mcp-session-id";
const CORS_ALLOW_HEADERS =
  "Authorization, Content-Type, Accept, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID, X-Arize-Api-Key";
const CORS_EXPOSE_HEADERS = "Mcp-Session-Id, WWW-Authenticate, Retry-After";

/** One MCP session: its transport and the server connected to it. */
interface Live {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
}

/** What the access-log line says about one request; filled in while it is served. */
interface Exchange {
  started: number;
  method: string;
  path: string;
  client: string;
  session: string | undefined;
  rpc: string | undefined;
  /** Counted by close() while draining; GET streams are not (they are closed instead). */
  drains: boolean;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
  });
  res.end(text);
}

/** A JSON-RPC error in an HTTP error, as the SDK's own transport answers. */
function sendRpcError(
  res: ServerResponse,
  status: number,
  message: string,
  options: { code?: number; id?: string | number | null; headers?: Record<string, string> } = {},
): void {
  sendJson(
    res,
    status,
    { jsonrpc: "2.0", error: { code: options.code ?? -32000, message }, id: options.id ?? null },
    options.headers,
  );
}

/** Serves MCP over Streamable HTTP at /mcp, with /healthz, until close() is called. */
export async function serveHttp(options: HttpOptions): Promise<HttpServerHandle> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const hostAllowed = hostChecker({ bindHost: options.host, allowedHosts: options.allowedHosts });
  const originAllowed = originChecker({ bindHost: options.host, allowedOrigins: options.allowedOrigins });
  const tokenMatches = options.authToken ? bearerChecker(options.authToken) : undefined;
  const limiter = new RateLimiter(options.rateLimitPerMinute);
  const sessions = new SessionRegistry<Live>({
    maxSessions: options.maxSessions,
    idleMs: options.sessionIdleMs,
    close: closeLive,
  });
  const draining = { active: false, pending: 0 };

  async function closeLive(live: Live): Promise<void> {
    await live.transport.close().catch(() => {});
    await live.server.close().catch(() => {});
  }

  function accessLog(exchange: Exchange, res: ServerResponse): void {
    const line: Record<string, unknown> = {
      time: new Date().toISOString(),
      method: exchange.method,
      path: exchange.path,
      status: res.headersSent ? res.statusCode : 0,
      ms: Math.round(performance.now() - exchange.started),
      client: exchange.client,
    };
    if (exchange.session) line.session = exchange.session.slice(0, 8);
    if (exchange.rpc) line.rpc = exchange.rpc;
    if (!res.writableFinished) line.aborted = true;
    options.logLine(JSON.stringify(line));
  }

  async function handle(req: IncomingMessage, res: ServerResponse, exchange: Exchange): Promise<void> {
    if (!hostAllowed(header(req, "host"))) {
      return sendRpcError(res, 403, "Forbidden: this Host is not allowed (see --allowed-hosts)");
    }
    const origin = header(req, "origin");
    if (origin !== undefined) {
      if (!originAllowed(origin)) {
        return sendRpcError(res, 403, "Forbidden: this Origin is not allowed (see --allowed-origins)");
      }
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Access-Control-Expose-Headers", CORS_EXPOSE_HEADERS);
      res.setHeader("Vary", "Origin");
    }
    if (draining.active) res.setHeader("Connection", "close");

    if (exchange.path === HEALTH_PATH) return health(req, res);
    if (exchange.path !== MCP_PATH) return sendRpcError(res, 404, "Not Found: the MCP endpoint is /mcp");
    if (req.method === "OPTIONS") {
      // A browser's CORS preflight carries no credentials; the real request is checked as usual.
      res.writeHead(204, {
        "Access-Control-Allow-Methods": "GET, POST, DELETE",
        "Access-Control-Allow-Headers": CORS_ALLOW_HEADERS,
        "Access-Control-Max-Age": "600",
      });
      res.end();
      return;
    }
    if (tokenMatches && !tokenMatches(header(req, "authorization"))) {
      const error = header(req, "authorization") ? ', error="invalid_token"' : "";
      return sendRpcError(res, 401, "Unauthorized: send Authorization: Bearer <token>", {
        headers: { "WWW-Authenticate": `Bearer realm="arize-ax-spaces-mcp"${error}` },
      });
    }

    if (req.method === "POST") return post(req, res, exchange);
    if (req.method === "GET" || req.method === "DELETE") {
      if (options.stateless) {
        return sendRpcError(res, 405, "Method Not Allowed: this server is stateless; only POST is served", {
          headers: { Allow: "POST" },
        });
      }
      if (draining.active) return sendRpcError(res, 503, "Service Unavailable: the server is shutting down");
      return toSession(req, res, exchange, undefined);
    }
    return sendRpcError(res, 405, "Method Not Allowed", { headers: { Allow: "GET, POST, DELETE" } });
  }

  function health(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendJson(res, 405, { error: "Method Not Allowed" }, { Allow: "GET, HEAD" });
      return;
    }
    // Draining answers 503 so a load balancer stops sending new work here.
    sendJson(res, draining.active ? 503 : 200, {
      status: draining.active ? "draining" : "ok",
      name: "arize-ax-spaces-mcp",
      version: VERSION,
      mode: options.stateless ? "stateless" : "stateful",
      sessions: options.stateless ? undefined : sessions.size,
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
    if (draining.active && body.hasRequests) {
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
    if (options.stateless) return serveStateless(req, res, body);
    return toSession(req, res, exchange, body);
  }

  /** Stateless: a fresh server and transport for this one request, closed when it ends. */
  async function serveStateless(req: IncomingMessage, res: ServerResponse, body: McpBody): Promise<void> {
    const live: Live = {
      transport: new StreamableHTTPServerTransport({ sessionIdGenerator: undefined }),
      server: options.createServer(),
    };
    res.once("close", () => void closeLive(live));
    await live.server.connect(live.transport);
    await live.transport.handleRequest(req, res, body.json);
  }

  /** Stateful: route to the request's session, or start one on initialize. */
  async function toSession(
    req: IncomingMessage,
    res: ServerResponse,
    exchange: Exchange,
    body: McpBody | undefined,
  ): Promise<void> {
    const id = header(req, SESSION_HEADER);
    if (id !== undefined) {
      const entry = sessions.get(id);
      if (!entry) {
        return sendRpcError(res, 404, "Session not found: it expired or was closed; initialize a new one", {
          code: -32001,
          id: body?.singleId,
        });
      }
      exchange.session = id;
      track(entry, req, res);
      await entry.value.transport.handleRequest(req, res, body?.json);
      return;
    }
    if (!body?.isInitialize) {
      return sendRpcError(res, 400, "Bad Request: send Mcp-Session-Id, or initialize to start a session", {
        id: body?.singleId,
      });
    }
    if (!sessions.reserve()) {
      const retry = sessions.retryAfterSeconds();
      return sendRpcError(
        res,
        503,
        `Service Unavailable: ${options.maxSessions} sessions are open, the most this server keeps; retry in ${retry} s, or close an unused session`,
        { id: body.singleId, headers: { "Retry-After": String(retry) } },
      );
    }
    let entry: SessionEntry<Live> | undefined;
    const live: Live = {
      transport: new StreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        onsessioninitialized: (sessionId) => {
          entry = sessions.add(sessionId, live);
          sessions.begin(entry);
          exchange.session = sessionId;
        },
      }),
      server: options.createServer(),
    };
    // Set before connect(): the SDK chains its own handler after this one.
    live.transport.onclose = () => {
      if (live.transport.sessionId) sessions.remove(live.transport.sessionId);
      void live.server.close().catch(() => {});
    };
    res.once("close", () => {
      if (entry) sessions.end(entry);
      else void closeLive(live);
    });
    try {
      await live.server.connect(live.transport);
      await live.transport.handleRequest(req, res, body.json);
    } finally {
      sessions.release();
    }
  }

  function track(entry: SessionEntry<Live>, req: IncomingMessage, res: ServerResponse): void {
    if (req.method === "GET") {
      sessions.touch(entry);
      res.once("close", () => sessions.touch(entry));
      return;
    }
    sessions.begin(entry);
    res.once("close", () => sessions.end(entry));
  }

  const server = createServer((req, res) => {
    const exchange: Exchange = {
      started: performance.now(),
      method: req.method ?? "",
      path: (req.url ?? "/").split("?")[0] ?? "/",
      client: req.socket.remoteAddress ?? "",
      session: undefined,
      rpc: undefined,
      drains: req.method !== "GET",
    };
    if (exchange.drains) draining.pending++;
    res.once("close", () => {
      if (exchange.drains) draining.pending--;
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
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const url = `http://${bracketHost(options.host)}:${port}`;

  const closed = new Promise<void>((resolve) => server.once("close", () => resolve()));
  let closing: Promise<void> | undefined;
  const close = async () => {
    draining.active = true;
    server.close();
    const deadline = performance.now() + (options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS);
    while (draining.pending > 0 && performance.now() < deadline) {
      server.closeIdleConnections();
      await delay(25);
    }
    await sessions.closeAll();
    server.closeAllConnections();
    await closed;
  };
  return {
    url,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
