import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Server } from "@modelcontextprotocol/server";
import {
  type Config,
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_INITIALIZE_RATE_LIMIT,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from "../config.js";
import { VERSION } from "../version.js";
import { Drain } from "./http-drain.js";
import { accessLine, type Exchange, startExchange } from "./http-exchange.js";
import { type FrontDoor, frontDoor } from "./http-front-door.js";
import { bracketHost } from "./http-guards.js";
import { readMcpPost } from "./http-post.js";
import { refuse } from "./http-refuse.js";
import { sendJson, sendRpcError, sendWebResponse, toWebRequest } from "./http-reply.js";
import { type Router, router } from "./http-router.js";
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
> &
  Partial<
    Pick<
      Config,
      | "maxSessionsPerClient"
      | "initializePerMinute"
      | "maxConnections"
      | "headersTimeoutMs"
      | "requestTimeoutMs"
    >
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

const MCP_PATH = "/mcp";
const HEALTH_PATH = "/healthz";
const PROTOCOL_VERSIONS = ["2026-07-28", "2025-11-25"];

/** The parts of a running HTTP front, one job each. */
interface Front {
  options: HttpOptions;
  door: FrontDoor;
  limiter: RateLimiter;
  /** `initialize` requests per client: opening sessions is dearer than calling a tool in one. */
  initializeLimiter: RateLimiter;
  drain: Drain;
  routes: Router;
  /** The server's own origin, for the URLs of the web requests handed to the SDK. */
  origin: string;
}

async function handle(front: Front, req: IncomingMessage, res: ServerResponse, exchange: Exchange) {
  if (front.drain.active) res.setHeader("Connection", "close");
  if (!front.door.admit(req, res, exchange.path === MCP_PATH)) return;
  if (exchange.path === HEALTH_PATH) return health(front, req, res);
  if (exchange.path !== MCP_PATH) return refuse(req, res, 404, "Not Found: the MCP endpoint is /mcp");
  if (req.method === "POST") return post(front, req, res, exchange);
  if (req.method !== "GET" && req.method !== "DELETE") {
    return refuse(req, res, 405, "Method Not Allowed", { headers: { Allow: "GET, POST, DELETE" } });
  }
  // GET streams and DELETE belong to 2025 sessions.
  if (front.options.stateless) {
    return refuse(req, res, 405, "Method Not Allowed: this server is stateless; only POST is served", {
      headers: { Allow: "POST" },
    });
  }
  if (front.drain.active) return refuse(req, res, 503, "Service Unavailable: the server is shutting down");
  const request = toWebRequest(req, `${front.origin}${req.url}`, undefined, exchange.aborted.signal);
  return sendWebResponse(res, await front.routes.route(request, undefined, exchange));
}

function health(front: Front, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== "GET" && req.method !== "HEAD") {
    sendJson(res, 405, { error: "Method Not Allowed" }, { Allow: "GET, HEAD" });
    return;
  }
  const { drain } = front;
  // Draining answers 503 so a load balancer stops sending new work here.
  sendJson(res, drain.active ? 503 : 200, {
    status: drain.active ? "draining" : "ok",
    name: "arize-ax-spaces-mcp",
    version: VERSION,
    mode: front.options.stateless ? "stateless" : "stateful",
    protocolVersions: PROTOCOL_VERSIONS,
    sessions: front.routes.sessions?.size,
  });
}

async function post(front: Front, req: IncomingMessage, res: ServerResponse, exchange: Exchange) {
  const read = await readMcpPost(req, res, front.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  if (!read) return;
  const { body } = read;
  exchange.rpc = body.summary || undefined;
  if (front.drain.active && body.hasRequests) {
    // Answers to the server's own requests (an elicitation an in-flight call waits for) still go through.
    return refuse(req, res, 503, "Service Unavailable: the server is shutting down", { id: body.singleId });
  }
  if (body.toolCalls > 0) {
    const decision = front.limiter.take(exchange.group, body.toolCalls);
    if (!decision.ok) {
      const { retryAfterSeconds } = decision;
      return refuse(
        req,
        res,
        429,
        `Too Many Requests: at most ${front.options.rateLimitPerMinute} tool calls per minute per client; retry in ${retryAfterSeconds} s`,
        { id: body.singleId, headers: { "Retry-After": String(retryAfterSeconds) } },
      );
    }
  }
  if (body.isInitialize) {
    const decision = front.initializeLimiter.take(exchange.group);
    if (!decision.ok) {
      const { retryAfterSeconds } = decision;
      const limit = front.options.initializePerMinute ?? DEFAULT_INITIALIZE_RATE_LIMIT;
      return refuse(
        req,
        res,
        429,
        `Too Many Requests: at most ${limit} initialize requests per minute per client; retry in ${retryAfterSeconds} s`,
        { id: body.singleId, headers: { "Retry-After": String(retryAfterSeconds) } },
      );
    }
  }
  const request = toWebRequest(req, `${front.origin}${req.url}`, read.text, exchange.aborted.signal);
  return sendWebResponse(res, await front.routes.route(request, body, exchange));
}

/**
 * Serves MCP over Streamable HTTP at /mcp, with /healthz, until close() is called. Every request, of
 * either protocol era, passes the same checks (Host, Origin, token, body size, rate limit) before it is
 * routed; each gets one access-log line.
 */
export async function serveHttp(options: HttpOptions): Promise<HttpServerHandle> {
  const front: Front = {
    options,
    door: frontDoor(options),
    limiter: new RateLimiter(options.rateLimitPerMinute),
    initializeLimiter: new RateLimiter(options.initializePerMinute ?? DEFAULT_INITIALIZE_RATE_LIMIT),
    drain: new Drain(options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS),
    routes: router(options),
    origin: "",
  };
  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const requestTimeout = Math.max(headersTimeout, options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  // Slow or stalled clients (half-sent headers, a trickled body) are cut off after these, so they cannot
  // hold connections until descriptors run out. Node checks them every connectionsCheckingInterval.
  const limits = {
    headersTimeout,
    requestTimeout,
    connectionsCheckingInterval: Math.min(1000, Math.max(50, Math.floor(headersTimeout / 4))),
  };
  const server = createServer(limits, (req, res) => {
    // GET streams are closed on shutdown, not waited for.
    const finished = req.method === "GET" ? () => {} : front.drain.begin();
    const exchange = startExchange(req, res, () => {
      finished();
      options.logLine(accessLine(exchange, res));
    });
    handle(front, req, res, exchange).catch(() => {
      // Never a stack trace or header on the wire; the access log records the failure's status.
      if (!res.headersSent) sendRpcError(res, 500, "Internal Server Error");
      else res.destroy();
    });
  });
  // Longer than load balancers' idle timeouts (nginx upstream keepalive and AWS ALB: 60 s), so that they
  // close idle connections, not we: a proxy reusing a connection just closed here would answer 502.
  server.keepAliveTimeout = 65_000;
  // Connections beyond this are closed as they arrive, before they can cost a descriptor for long.
  server.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  await listen(server, options.port, options.host);
  const { port } = server.address() as AddressInfo;
  const url = `http://${bracketHost(options.host)}:${port}`;
  front.origin = url;
  return { url, close: front.drain.closer(server, () => front.routes.close()) };
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
