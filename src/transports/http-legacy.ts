import { randomUUID } from "node:crypto";
import { type Server, WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/server";
import { SessionEventStore } from "./event-store.js";
import type { McpBody } from "./http-body.js";
import type { Exchange } from "./http-exchange.js";
import { type SessionEntry, SessionRegistry } from "./sessions.js";

/** What a 2025 client is told to wait before reconnecting a dropped SSE stream. */
const SSE_RETRY_MS = 1000;

/** One 2025 session: its transport and the server connected to it. */
interface Live {
  transport: WebStandardStreamableHTTPServerTransport;
  server: Server;
}

/** The part of an HTTP exchange that sessions need: the session it belongs to, and when it ends. */
type SessionExchange = Pick<Exchange, "session" | "onEnd" | "group">;

function rpcError(status: number, message: string, code: number, id: McpBody["singleId"], headers = {}) {
  return Response.json({ jsonrpc: "2.0", error: { code, message }, id }, { status, headers });
}

/**
 * Sessions for 2025-era clients on a stateful HTTP server: `initialize` opens one (at most `maxSessions`),
 * requests carry its Mcp-Session-Id, GET opens its stream (resumable with Last-Event-ID), DELETE ends it,
 * and `idleMs` without a request closes it.
 */
export class LegacySessions {
  private readonly registry: SessionRegistry<Live>;

  constructor(
    private readonly options: {
      createServer: () => Server;
      maxSessions: number;
      /** Sessions one client (IPv4 address or IPv6 /64) may hold at once. */
      maxPerClient?: number;
      idleMs: number;
    },
  ) {
    this.registry = new SessionRegistry<Live>({
      maxSessions: options.maxSessions,
      maxPerOwner: options.maxPerClient,
      idleMs: options.idleMs,
      close: closeLive,
    });
  }

  get size(): number {
    return this.registry.size;
  }

  closeAll(): Promise<void> {
    return this.registry.closeAll();
  }

  async handle(request: Request, body: McpBody | undefined, exchange: SessionExchange): Promise<Response> {
    const id = request.headers.get("mcp-session-id");
    if (id !== null) {
      const entry = this.registry.get(id);
      if (!entry) {
        return rpcError(
          404,
          "Session not found: it expired or was closed; initialize a new one",
          -32001,
          body?.singleId ?? null,
        );
      }
      exchange.session = id;
      this.track(entry, request, exchange);
      return entry.value.transport.handleRequest(request, { parsedBody: body?.json });
    }
    if (!body?.isInitialize) {
      return rpcError(
        400,
        "Bad Request: send Mcp-Session-Id, or initialize to start a session",
        -32000,
        body?.singleId ?? null,
      );
    }
    if (this.registry.ownerFull(exchange.group)) {
      return rpcError(
        429,
        `Too Many Requests: this client already holds ${this.options.maxPerClient} sessions, the most one client may; close one (DELETE with its Mcp-Session-Id) or let one expire`,
        -32000,
        body.singleId,
        { "Retry-After": String(this.registry.retryAfterSeconds()) },
      );
    }
    if (!this.registry.reserve(exchange.group)) {
      const retry = this.registry.retryAfterSeconds();
      return rpcError(
        503,
        `Service Unavailable: ${this.options.maxSessions} sessions are open, the most this server keeps; retry in ${retry} s, or close an unused session`,
        -32000,
        body.singleId,
        { "Retry-After": String(retry) },
      );
    }
    try {
      return await this.open(request, body, exchange);
    } finally {
      this.registry.release(exchange.group);
    }
  }

  private async open(request: Request, body: McpBody, exchange: SessionExchange): Promise<Response> {
    let entry: SessionEntry<Live> | undefined;
    const live: Live = {
      transport: new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        eventStore: new SessionEventStore(),
        retryInterval: SSE_RETRY_MS,
        onsessioninitialized: (sessionId) => {
          entry = this.registry.add(sessionId, live, exchange.group);
          this.registry.begin(entry);
          exchange.session = sessionId;
        },
      }),
      server: this.options.createServer(),
    };
    // Set before connect(): the SDK chains its own handler after this one.
    live.transport.onclose = () => {
      if (live.transport.sessionId) this.registry.remove(live.transport.sessionId);
      void live.server.close().catch(() => {});
    };
    exchange.onEnd(() => {
      if (entry) this.registry.end(entry);
      else void closeLive(live);
    });
    await live.server.connect(live.transport);
    return live.transport.handleRequest(request, { parsedBody: body.json });
  }

  /** A POST or DELETE keeps its session alive until it ends; a GET stream alone does not. */
  private track(entry: SessionEntry<Live>, request: Request, exchange: SessionExchange): void {
    if (request.method === "GET") {
      this.registry.touch(entry);
      exchange.onEnd(() => this.registry.touch(entry));
      return;
    }
    this.registry.begin(entry);
    exchange.onEnd(() => this.registry.end(entry));
  }
}

async function closeLive(live: Live): Promise<void> {
  await live.transport.close().catch(() => {});
  await live.server.close().catch(() => {});
}
