import { request as httpRequest } from "node:http";
import type { LookupFunction } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import { type ClientCapabilities, ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { McpServer } from "@modelcontextprotocol/server";
import { Agent, fetch as undiciFetch } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { NameCaches } from "../src/arize/name-cache.js";
import { closeConnectionPools } from "../src/arize/pools.js";
import { SEED } from "../src/sandbox/index.js";
import { createServer } from "../src/server.js";
import { tools as registry } from "../src/tools/index.js";
import { type HttpOptions, type HttpServerHandle, serveHttp } from "../src/transports/http.js";
import { startTestSandbox, type TestSandbox } from "./support/sandbox-api.js";

// The HTTP transport in process, against the embedded sandbox, with the SDK's own HTTP client.

const SERVER_KEY = "ak-http-server-key-5e1f-secret";
const TOKEN = "tok-http-7c2d9a41-secret";
const MCP_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };
const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1.0.0" } },
};

const handles: HttpServerHandle[] = [];
const clients: Client[] = [];
const sandboxes: TestSandbox[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => {})));
  await Promise.all(handles.splice(0).map((h) => h.close()));
});
afterAll(async () => {
  await Promise.all(sandboxes.map((s) => s.close()));
  await closeConnectionPools();
});

async function sandbox(latencyMs = 0): Promise<TestSandbox> {
  const s = await startTestSandbox({ latencyMs });
  sandboxes.push(s);
  return s;
}

interface AccessLine {
  time: string;
  method: string;
  path: string;
  status: number;
  ms: number;
  client: string;
  session?: string;
  rpc?: string;
}

async function startServer(api: TestSandbox, o: Partial<HttpOptions> = {}) {
  const logs: string[] = [];
  // As the CLI does: the servers of one process share their name caches.
  const nameCaches = new NameCaches();
  const handle = await serveHttp({
    createServer: () =>
      createServer({
        nameCaches,
        api: {
          baseUrl: api.url,
          apiKey: SERVER_KEY,
          timeoutMs: 10_000,
          userAgent: "arize-ax-spaces-mcp/test",
        },
        logLine: (line) => logs.push(line),
        acceptClientApiKey: true,
      }),
    host: "127.0.0.1",
    port: 0,
    stateless: false,
    authToken: undefined,
    allowedHosts: [],
    allowedOrigins: [],
    maxSessions: 100,
    sessionIdleMs: 60_000,
    rateLimitPerMinute: 10_000,
    logLine: (line) => logs.push(line),
    ...o,
  });
  handles.push(handle);
  return {
    handle,
    logs,
    url: new URL(`${handle.url}/mcp`),
    access: () => logs.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as AccessLine),
    health: async () => (await fetch(`${handle.url}/healthz`)).json() as Promise<Record<string, unknown>>,
  };
}

async function connectClient(
  url: URL,
  o: { headers?: Record<string, string>; fetch?: FetchLike; capabilities?: ClientCapabilities } = {},
) {
  const transport = new StreamableHTTPClientTransport(url, {
    requestInit: { headers: o.headers ?? {} },
    fetch: o.fetch,
  });
  const client = new Client({ name: "http-test", version: "1.0.0" }, { capabilities: o.capabilities ?? {} });
  await client.connect(transport);
  clients.push(client);
  return { client, transport };
}

function text(result: unknown): string {
  return (result as { content?: Array<{ text?: string }> }).content?.[0]?.text ?? "";
}

/** A fetch whose DNS resolves every name to 127.0.0.1: what a DNS-rebinding page gets a browser to do. */
function rebindingFetch(): FetchLike {
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: "127.0.0.1", family: 4 }]);
    else callback(null, "127.0.0.1", 4);
  };
  const dispatcher = new Agent({ connect: { lookup } });
  return ((url: string | URL, init?: RequestInit) =>
    undiciFetch(url, { ...(init as object), dispatcher })) as unknown as FetchLike;
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One HTTP request with full control of the headers (fetch cannot set Host), streamed body optional. */
function raw(
  url: URL | string,
  o: { method?: string; headers?: Record<string, string>; body?: string; chunks?: Buffer[] } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    // agent: false, a new connection each time, so nothing depends on a kept-alive one.
    const req = httpRequest(url, { method: o.method ?? "GET", headers: o.headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        body += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: body }));
    });
    // An oversized upload may be cut off once the answer is written; the answer is what counts.
    req.on("error", (err) => setTimeout(() => reject(err), 200));
    if (o.chunks) {
      const chunks = [...o.chunks];
      const next = () => {
        const chunk = chunks.shift();
        if (!chunk) return req.end();
        if (req.write(chunk)) setImmediate(next);
        else req.once("drain", next);
      };
      next();
    } else req.end(o.body);
  });
}

async function rawSession(url: URL, headers: Record<string, string> = {}): Promise<string> {
  const res = await raw(url, {
    method: "POST",
    headers: { ...MCP_HEADERS, ...headers },
    body: JSON.stringify(INITIALIZE),
  });
  expect(res.status).toBe(200);
  return String(res.headers["mcp-session-id"]);
}

/** Every tool once, as in the stdio end-to-end test, checking the sandbox changed as asked. */
async function everyTool(client: Client, api: TestSandbox, name: string): Promise<void> {
  const call = async (tool: string, args: Record<string, unknown>) => {
    const r = await client.callTool({ name: tool, arguments: args });
    expect(r.isError ?? false, `${tool}: ${text(r)}`).toBe(false);
    return { text: text(r), structured: r.structuredContent as Record<string, unknown> };
  };
  expect((await client.listTools()).tools).toHaveLength(registry.length);
  expect((await call("list_organizations", {})).text).toContain(SEED.organizations.acmeMl.id);
  expect((await call("list_spaces", { organization: "Acme ML", limit: 3 })).text).toContain(
    "3 spaces (more available)",
  );
  const got = await call("get_space", { space: "fraud-models", organization: "Acme Research" });
  expect(got.structured.id).toBe(SEED.spaces.researchFraudModels.id);
  const created = await call("create_space", { name, organization: "Globex", description: "temp" });
  const spaceId = created.structured.id as string;
  expect(api.store.getSpace(spaceId)?.name).toBe(name);
  const renamed = `${name}-renamed`;
  expect((await call("update_space", { space: name, name: renamed, description: null })).text).toContain(
    `name "${name}" -> "${renamed}"`,
  );
  expect((await call("list_users", { email: "grace" })).text).toContain("grace.kim@globex.example");
  await call("add_space_user", { space: spaceId, user: "grace.kim@globex.example", role: "read-only" });
  expect(api.store.spaceMembers(spaceId)).toEqual([
    expect.objectContaining({ userId: SEED.users.grace.id, role: { type: "PREDEFINED", name: "READ_ONLY" } }),
  ]);
  const removed = await call("remove_space_user", { space: spaceId, user: SEED.users.grace.id });
  expect(removed.structured).toEqual({ removed: true, spaceId, userId: SEED.users.grace.id });
  expect((await call("delete_space", { space: spaceId, confirm: renamed })).structured.deleted).toBe(true);
  expect(api.store.getSpace(spaceId)).toBeUndefined();
}

async function expectHttpError(promise: Promise<unknown>, status: number): Promise<StreamableHTTPError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StreamableHTTPError);
  expect((err as StreamableHTTPError).code).toBe(status);
  return err as StreamableHTTPError;
}

describe.each([
  ["stateful", false],
  ["stateless", true],
] as const)("%s", (mode, stateless) => {
  let api: TestSandbox;
  beforeAll(async () => {
    api = await sandbox(10);
  });

  it("serves every tool to the SDK's HTTP client", async () => {
    const s = await startServer(api, { stateless });
    const { client, transport } = await connectClient(s.url);
    expect(client.getServerVersion()?.name).toBe("arize-ax-spaces-mcp");
    if (stateless) expect(transport.sessionId).toBeUndefined();
    else expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    await everyTool(client, api, `http-${mode}`);

    const calls = s.access().filter((l) => l.rpc?.startsWith("tools/call"));
    expect(calls.map((l) => l.rpc?.split(" ")[1])).toEqual([
      "list_organizations",
      "list_spaces",
      "get_space",
      "create_space",
      "update_space",
      "list_users",
      "add_space_user",
      "remove_space_user",
      "delete_space",
    ]);
    for (const line of calls) {
      expect(line).toMatchObject({ method: "POST", path: "/mcp", status: 200, client: "127.0.0.1" });
      expect(line.ms).toBeGreaterThanOrEqual(0);
      if (stateless) expect(line.session).toBeUndefined();
      else expect(line.session).toBe(transport.sessionId?.slice(0, 8));
    }
    expect(await s.health()).toMatchObject({ status: "ok", mode });
  });

  it("uses each request's X-Arize-Api-Key for that request only; concurrent clients' keys never cross", async () => {
    const slow = await sandbox(15);
    const s = await startServer(slow, { stateless });
    const alice = await connectClient(s.url, { headers: { "X-Arize-Api-Key": "ak-alice-0001-secret" } });
    const bob = await connectClient(s.url, { headers: { "X-Arize-Api-Key": "ak-bob-0002-secret" } });
    const plain = await connectClient(s.url);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => [
        alice.client.callTool({ name: "list_users", arguments: {} }),
        bob.client.callTool({ name: "list_organizations", arguments: {} }),
        plain.client.callTool({ name: "get_space", arguments: { space: SEED.spaces.fraudModels.id } }),
      ]).flat(),
    );
    for (const r of results) expect(r.isError ?? false, text(r)).toBe(false);

    const keysFor = (prefix: string) =>
      new Set(slow.requests.filter((r) => r.path.startsWith(prefix)).map((r) => r.authorization));
    expect(keysFor("/v2/users")).toEqual(new Set(["Bearer ak-alice-0001-secret"]));
    // get_space names the space's organization, read with the server's own key.
    expect(keysFor("/v2/organizations")).toEqual(
      new Set(["Bearer ak-bob-0002-secret", `Bearer ${SERVER_KEY}`]),
    );
    expect(keysFor("/v2/spaces")).toEqual(new Set([`Bearer ${SERVER_KEY}`]));
    expect(slow.requests.filter((r) => r.path.startsWith("/v2/users"))).toHaveLength(6);

    const logged = s.logs.join("\n");
    for (const secret of ["ak-alice-0001-secret", "ak-bob-0002-secret", SERVER_KEY]) {
      expect(logged).not.toContain(secret);
    }
  });

  it("caches names per X-Arize-Api-Key: a key's second lookup is not sent again, another key's is", async () => {
    const s = await startServer(api, { stateless });
    const alice = await connectClient(s.url, { headers: { "X-Arize-Api-Key": "ak-alice-0003-secret" } });
    const bob = await connectClient(s.url, { headers: { "X-Arize-Api-Key": "ak-bob-0004-secret" } });
    const lookups = (key: string) =>
      api.requests.filter((r) => r.query.name === "fraud-models" && r.authorization === `Bearer ${key}`)
        .length;
    const get = (c: typeof alice) =>
      c.client.callTool({ name: "get_space", arguments: { space: "fraud-models", organization: "Acme ML" } });
    for (const r of [await get(alice), await get(alice), await get(bob)]) {
      expect(r.isError ?? false, text(r)).toBe(false);
      expect(text(r)).toContain(SEED.spaces.fraudModels.id);
    }
    expect(lookups("ak-alice-0003-secret")).toBeGreaterThan(0);
    expect(lookups("ak-alice-0003-secret")).toBe(lookups("ak-bob-0004-secret"));
  });

  it("refuses a foreign Host (DNS rebinding) with 403 and accepts localhost and --allowed-hosts", async () => {
    const s = await startServer(api, { stateless, allowedHosts: ["mcp.internal.example"] });
    const port = s.url.port;
    const rebinding = rebindingFetch();
    const err = await expectHttpError(
      connectClient(new URL(`http://evil.example:${port}/mcp`), { fetch: rebinding }),
      403,
    );
    expect(err.message).toContain("Host is not allowed");
    await connectClient(new URL(`http://mcp.internal.example:${port}/mcp`), { fetch: rebinding });
    const local = await connectClient(new URL(`http://localhost:${port}/mcp`));
    expect((await local.client.listTools()).tools).toHaveLength(registry.length);
    // Every path is guarded, including the health check.
    const health = await raw(`${s.handle.url}/healthz`, { headers: { host: "evil.example" } });
    expect(health.status).toBe(403);
  });

  it("refuses a foreign Origin with 403; local pages and --allowed-origins get CORS headers", async () => {
    const s = await startServer(api, { stateless, allowedOrigins: ["https://app.example.com"] });
    await expectHttpError(connectClient(s.url, { headers: { Origin: "https://evil.example" } }), 403);
    await expectHttpError(connectClient(s.url, { headers: { Origin: "null" } }), 403);
    await connectClient(s.url, { headers: { Origin: "http://localhost:6274" } });
    const { client } = await connectClient(s.url, { headers: { Origin: "https://app.example.com" } });
    expect((await client.listTools()).tools).toHaveLength(registry.length);

    const preflight = await raw(s.url, {
      method: "OPTIONS",
      headers: { origin: "https://app.example.com", "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe("https://app.example.com");
    expect(preflight.headers["access-control-allow-headers"]).toContain("Mcp-Session-Id");
    const init = await raw(s.url, {
      method: "POST",
      headers: { ...MCP_HEADERS, origin: "https://app.example.com" },
      body: JSON.stringify(INITIALIZE),
    });
    expect(init.status).toBe(200);
    expect(init.headers["access-control-expose-headers"]).toContain("Mcp-Session-Id");
    const refused = await raw(s.url, { method: "OPTIONS", headers: { origin: "https://evil.example" } });
    expect(refused.status).toBe(403);
  });

  it("requires the bearer token (401 with WWW-Authenticate), but not for /healthz, and never logs it", async () => {
    const s = await startServer(api, { stateless, authToken: TOKEN });
    const missing = await expectHttpError(connectClient(s.url), 401);
    expect(missing.message).toContain("Bearer");
    await expectHttpError(connectClient(s.url, { headers: { Authorization: `Bearer ${TOKEN}x` } }), 401);
    const { client } = await connectClient(s.url, {
      headers: { Authorization: `Bearer ${TOKEN}`, "X-Arize-Api-Key": "ak-token-test-secret" },
    });
    expect(text(await client.callTool({ name: "list_organizations", arguments: {} }))).toContain("Acme ML");

    const none = await raw(s.url, { method: "POST", headers: MCP_HEADERS, body: JSON.stringify(INITIALIZE) });
    expect(none.status).toBe(401);
    expect(none.headers["www-authenticate"]).toBe('Bearer realm="arize-ax-spaces-mcp"');
    const wrong = await raw(s.url, { method: "GET", headers: { authorization: "Bearer nope" } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers["www-authenticate"]).toContain('error="invalid_token"');
    expect((await raw(`${s.handle.url}/healthz`)).status).toBe(200);

    const logged = s.logs.join("\n");
    expect(logged).not.toContain(TOKEN);
    expect(logged).not.toContain("ak-token-test-secret");
    expect(s.access().some((l) => l.status === 401)).toBe(true);
  });

  it("answers a body over 1 MiB with 413 and keeps serving", async () => {
    const s = await startServer(api, { stateless });
    const { client } = await connectClient(s.url);
    const big = "x".repeat(1024 * 1024 + 1);
    const err = await expectHttpError(
      client.callTool({ name: "list_spaces", arguments: { name: big } }),
      413,
    );
    expect(err.message).toContain("must not exceed 1048576 bytes");

    // Streamed without a Content-Length, the read stops at the limit.
    const chunks = Array.from({ length: 40 }, () => Buffer.alloc(64 * 1024, 0x20));
    const streamed = await raw(s.url, { method: "POST", headers: MCP_HEADERS, chunks });
    expect(streamed.status).toBe(413);

    const ok = await client.callTool({ name: "list_spaces", arguments: { name: "fraud" } });
    expect(text(ok)).toContain("2 spaces:");
    expect(s.access().filter((l) => l.status === 413)).toHaveLength(2);
  });

  it("rate-limits tool calls per client with 429 and Retry-After; other methods are not limited", async () => {
    const s = await startServer(api, { stateless, rateLimitPerMinute: 3 });
    const { client, transport } = await connectClient(s.url);
    for (let i = 0; i < 3; i++) {
      expect((await client.callTool({ name: "list_organizations", arguments: {} })).isError ?? false).toBe(
        false,
      );
    }
    const err = await expectHttpError(client.callTool({ name: "list_organizations", arguments: {} }), 429);
    expect(err.message).toContain("at most 3 tool calls per minute");
    expect((await client.listTools()).tools).toHaveLength(registry.length);

    const headers: Record<string, string> = { ...MCP_HEADERS, "mcp-protocol-version": "2025-11-25" };
    if (transport.sessionId) headers["mcp-session-id"] = transport.sessionId;
    const limited = await raw(s.url, {
      method: "POST",
      headers,
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 77,
        method: "tools/call",
        params: { name: "list_organizations", arguments: {} },
      }),
    });
    expect(limited.status).toBe(429);
    const retry = Number(limited.headers["retry-after"]);
    expect(Number.isInteger(retry) && retry >= 1 && retry <= 20).toBe(true);
    expect(JSON.parse(limited.text)).toMatchObject({ jsonrpc: "2.0", id: 77, error: { code: -32000 } });
  });

  it("answers other paths with 404 and other methods with 405", async () => {
    const s = await startServer(api, { stateless });
    expect((await raw(`${s.handle.url}/`)).status).toBe(404);
    expect((await raw(`${s.handle.url}/mcp/extra`)).status).toBe(404);
    expect((await raw(`${s.handle.url}/sse`, { method: "POST" })).status).toBe(404);
    const put = await raw(s.url, { method: "PUT" });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toContain("POST");
    expect((await raw(`${s.handle.url}/healthz`, { method: "POST" })).status).toBe(405);
    const bad = await raw(s.url, { method: "POST", headers: MCP_HEADERS, body: "{not json" });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ error: { code: -32700 } });
  });

  it("close() lets an in-flight call finish, then stops", async () => {
    const slow = await sandbox(700);
    const s = await startServer(slow, { stateless });
    const { client } = await connectClient(s.url);
    const before = slow.requests.length;
    const call = client.callTool({ name: "list_organizations", arguments: {} });
    while (slow.requests.length === before) await sleep(10);
    const closing = s.handle.close();
    const result = await call;
    expect(result.isError ?? false).toBe(false);
    expect(text(result)).toContain("Acme ML");
    await closing;
    await expect(raw(`${s.handle.url}/healthz`)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect(s.access().find((l) => l.rpc === "tools/call list_organizations")).toMatchObject({ status: 200 });
  });
});

describe("stateful sessions", () => {
  let api: TestSandbox;
  beforeAll(async () => {
    api = await sandbox();
  });

  it("routes an elicitation to the client and its answer back to the waiting tool call", async () => {
    const s = await startServer(api, {
      createServer: () => {
        const mcp = new McpServer({ name: "elicit-test", version: "1.0.0" });
        mcp.registerTool("confirm", { description: "Asks the user" }, async (ctx) => {
          const answer = await ctx.mcpReq.elicitInput(
            {
              message: "Really?",
              requestedSchema: { type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"] },
            },
            { timeout: 5000 },
          );
          return { content: [{ type: "text", text: `${answer.action} ${JSON.stringify(answer.content)}` }] };
        });
        return mcp.server;
      },
    });
    const transport = new StreamableHTTPClientTransport(s.url);
    const client = new Client({ name: "elicit", version: "1.0.0" }, { capabilities: { elicitation: {} } });
    const asked: string[] = [];
    client.setRequestHandler(ElicitRequestSchema, async (req) => {
      asked.push(req.params.message);
      return { action: "accept", content: { ok: true } };
    });
    await client.connect(transport);
    clients.push(client);
    const r = await client.callTool({ name: "confirm", arguments: {} });
    expect(asked).toEqual(["Really?"]);
    expect(text(r)).toBe('accept {"ok":true}');
  });

  it("lets the real server ask the user before delete_space, in the middle of the call", async () => {
    const s = await startServer(api);
    const transport = new StreamableHTTPClientTransport(s.url);
    const client = new Client(
      { name: "elicit", version: "1.0.0" },
      { capabilities: { elicitation: { form: {} } } },
    );
    const asked: string[] = [];
    let agree = false;
    client.setRequestHandler(ElicitRequestSchema, async (req) => {
      asked.push(req.params.message);
      return { action: "accept", content: { confirm: agree } };
    });
    await client.connect(transport);
    clients.push(client);
    const created = await client.callTool({
      name: "create_space",
      arguments: { name: "http-elicited", organization: "Globex" },
    });
    const spaceId = (created.structuredContent as { id: string }).id;
    const args = { space: spaceId, confirm: "http-elicited" };

    const declined = await client.callTool({ name: "delete_space", arguments: args });
    expect(declined.isError).toBe(true);
    expect(api.store.getSpace(spaceId)).toBeDefined();
    agree = true;
    const deleted = await client.callTool({ name: "delete_space", arguments: args });
    expect(deleted.isError ?? false, text(deleted)).toBe(false);
    expect(api.store.getSpace(spaceId)).toBeUndefined();
    expect(asked).toHaveLength(2);
    expect(asked[0]).toContain("http-elicited");
  });

  it("caps live sessions: one more initialize gets 503 with Retry-After until a session closes", async () => {
    const s = await startServer(api, { maxSessions: 2 });
    const first = await connectClient(s.url);
    await connectClient(s.url);
    const err = await expectHttpError(connectClient(s.url), 503);
    expect(err.message).toContain("2 sessions are open");
    const refused = await raw(s.url, {
      method: "POST",
      headers: MCP_HEADERS,
      body: JSON.stringify(INITIALIZE),
    });
    expect(refused.status).toBe(503);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(refused.text)).toMatchObject({ id: 1, error: { code: -32000 } });
    expect(await s.health()).toMatchObject({ sessions: 2 });

    await first.transport.terminateSession();
    expect(await s.health()).toMatchObject({ sessions: 1 });
    const third = await connectClient(s.url);
    expect((await third.client.listTools()).tools).toHaveLength(registry.length);
  });

  it("closes a session idle for sessionIdleMs; its next request gets 404", async () => {
    const s = await startServer(api, { sessionIdleMs: 300 });
    const { client } = await connectClient(s.url);
    await client.listTools();
    expect(await s.health()).toMatchObject({ sessions: 1 });
    await sleep(700);
    expect(await s.health()).toMatchObject({ sessions: 0 });
    const err = await expectHttpError(client.listTools(), 404);
    expect(err.message).toContain("Session not found");
  });

  it("never expires a session while a call is in flight", async () => {
    const slow = await sandbox(900);
    const s = await startServer(slow, { sessionIdleMs: 300 });
    const { client } = await connectClient(s.url);
    const slowCall = client.callTool({ name: "list_organizations", arguments: {} });
    // A quick request ending meanwhile must not start the idle clock while the slow one runs.
    await client.listTools();
    const r = await slowCall;
    expect(r.isError ?? false, text(r)).toBe(false);
    expect(await s.health()).toMatchObject({ sessions: 1 });
  });

  it("refuses requests without a session, with an unknown one, and a second initialize", async () => {
    const s = await startServer(api);
    const noSession = await raw(s.url, {
      method: "POST",
      headers: MCP_HEADERS,
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
    });
    expect(noSession.status).toBe(400);
    const unknown = await raw(s.url, {
      method: "POST",
      headers: { ...MCP_HEADERS, "mcp-session-id": "not-a-session" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
    });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text)).toMatchObject({ id: 2, error: { code: -32001 } });
    const id = await rawSession(s.url);
    const again = await raw(s.url, {
      method: "POST",
      headers: { ...MCP_HEADERS, "mcp-session-id": id },
      body: JSON.stringify(INITIALIZE),
    });
    expect(again.status).toBe(400);
    expect(await s.health()).toMatchObject({ sessions: 1 });
  });

  it("serves a GET stream per session and ends it on DELETE", async () => {
    const s = await startServer(api);
    const id = await rawSession(s.url);
    const stream = new Promise<RawResponse>((resolve) => {
      const req = httpRequest(
        s.url,
        { headers: { accept: "text/event-stream", "mcp-session-id": id } },
        (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: "" }));
        },
      );
      req.end();
    });
    await sleep(100);
    const deleted = await raw(s.url, { method: "DELETE", headers: { "mcp-session-id": id } });
    expect(deleted.status).toBe(200);
    const ended = await stream;
    expect(ended.status).toBe(200);
    expect(ended.headers["content-type"]).toBe("text/event-stream");
    expect(await s.health()).toMatchObject({ sessions: 0 });
    const get = s.access().find((l) => l.method === "GET" && l.path === "/mcp");
    expect(get).toMatchObject({ status: 200, session: id.slice(0, 8) });
  });
});

describe("stateless", () => {
  it("keeps no sessions: GET and DELETE are 405, every POST stands alone", async () => {
    const api = await sandbox();
    const s = await startServer(api, { stateless: true });
    const get = await raw(s.url, { headers: { accept: "text/event-stream" } });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe("POST");
    expect((await raw(s.url, { method: "DELETE" })).status).toBe(405);
    // A request on its own, without initialize, as a load balancer may route it to a fresh replica.
    const res = await raw(s.url, {
      method: "POST",
      headers: { ...MCP_HEADERS, "mcp-protocol-version": "2025-11-25" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 5,
        method: "tools/call",
        params: { name: "list_spaces", arguments: { name: "fraud" } },
      }),
    });
    expect(res.status).toBe(200);
    expect(res.headers["mcp-session-id"]).toBeUndefined();
    expect(res.text).toContain("2 spaces:");
    expect(await s.health()).toEqual({
      status: "ok",
      name: "arize-ax-spaces-mcp",
      version: expect.any(String),
      mode: "stateless",
      protocolVersions: ["2026-07-28", "2025-11-25"],
    });
  });
});
