import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer as createHttpServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { closeConnectionPools } from "../src/arize/pools.js";
import { AuditLog } from "../src/audit.js";
import { type Sandbox, SEED, startSandbox } from "../src/sandbox/index.js";
import { type ConfirmationSealer, confirmationSealer, createServer } from "../src/server.js";
import { tools } from "../src/tools/index.js";
import { type HttpServerHandle, serveHttp } from "../src/transports/http.js";
import { VERSION } from "../src/version.js";
import { CLI, requireBuild } from "./support/child.js";
import {
  type ConfirmAnswer,
  connectEra,
  ERAS,
  type Era,
  type EraClient,
  envelope,
  modernHeaders,
  rpcMessages,
} from "./support/eras.js";

// Both protocol eras, end to end: a 2026-07-28 client (v2 SDK, pinned) and a 2025 client (v1 SDK), over
// stdio (the built dist/cli.js) and over HTTP (the transport in process, in front of the sandbox or a
// local fake upstream). Raw requests check what the SDK clients hide: error codes and ids on the wire.

const KEY = "ak-eras-server-key-77aa-secret";
const SECRET = "eras-test-state-secret-0123456789abcdef";

const clients: EraClient[] = [];
const handles: HttpServerHandle[] = [];
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => {})));
  await Promise.all(handles.splice(0).map((h) => h.close()));
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
afterAll(() => closeConnectionPools());

async function track(client: Promise<EraClient>): Promise<EraClient> {
  const c = await client;
  clients.push(c);
  return c;
}

async function sandbox(): Promise<Sandbox> {
  const s = await startSandbox({});
  cleanups.push(() => s.close());
  return s;
}

async function serve(
  baseUrl: string,
  o: { stateless: boolean; sealer?: ConfirmationSealer; audit?: AuditLog; logs?: string[] },
) {
  const logs = o.logs ?? [];
  const handle = await serveHttp({
    createServer: () =>
      createServer({
        api: { baseUrl, apiKey: KEY, timeoutMs: 10_000, userAgent: "arize-ax-spaces-mcp/test" },
        logLine: (line) => logs.push(line),
        sealer: o.sealer,
        audit: o.audit,
      }),
    host: "127.0.0.1",
    port: 0,
    stateless: o.stateless,
    authToken: undefined,
    allowedHosts: [],
    allowedOrigins: [],
    maxSessions: 10,
    sessionIdleMs: 60_000,
    rateLimitPerMinute: 10_000,
    logLine: (line) => logs.push(line),
  });
  handles.push(handle);
  const access = () =>
    logs.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { rpc?: string; era?: string });
  return { url: new URL(`${handle.url}/mcp`), logs, access };
}

const spaceIds = (s: Sandbox) => s.store.listSpaces().map((x) => x.id);

describe("every tool, from a client of each era, over stdio", () => {
  it.each(ERAS)("%s", async (era) => {
    const c = await track(connectEra(era, { args: ["--sandbox"] }));
    expect(c.negotiated).toBe(era === "2026-07-28" ? "modern" : "legacy");
    expect(c.serverInfo).toEqual({
      name: "arize-ax-spaces-mcp",
      title: "Arize AX Spaces",
      version: VERSION,
      websiteUrl: "https://github.com/Arize-ai/arize-ax-spaces-mcp",
      icons: [{ src: expect.stringMatching(/\/icon\.png$/), mimeType: "image/png", sizes: ["512x512"] }],
    });
    expect(await c.listTools()).toEqual(tools.map((t) => t.name));
    const { acmeMl } = SEED.organizations;
    const ok = async (name: string, args: Record<string, unknown>) => {
      const r = await c.call(name, args);
      expect(r.isError, `${name}: ${r.text}`).toBe(false);
      return r;
    };
    expect((await ok("list_spaces", { organization: acmeMl.id })).text).toContain("fraud-models");
    expect((await ok("get_space", { space: SEED.spaces.playground.id })).structured).toMatchObject({
      name: "playground",
    });
    const created = await ok("create_space", { name: `era-${era}`, organization: acmeMl.id });
    const id = (created.structured as { id: string }).id;
    await ok("update_space", { space: id, description: "both eras" });
    await ok("add_space_user", { space: id, user: SEED.users.bob.email, role: "read-only" });
    expect(
      (await ok("remove_space_user", { space: id, user: SEED.users.bob.email })).structured,
    ).toMatchObject({
      removed: true,
    });
    expect((await ok("delete_space", { space: id, confirm: `era-${era}` })).structured).toMatchObject({
      deleted: true,
    });
    expect((await ok("list_organizations", {})).text).toContain(acmeMl.name);
    expect((await ok("list_users", { email: "bob" })).text).toContain(SEED.users.bob.email);
  });
});

describe("both eras on both HTTP modes, at the same URL", () => {
  for (const stateless of [true, false]) {
    it.each(ERAS)(`%s, ${stateless ? "stateless" : "stateful"}`, async (era) => {
      const api = await sandbox();
      const server = await serve(api.url, { stateless });
      const c = await track(connectEra(era, { url: server.url }));
      const r = await c.call("get_space", { space: SEED.spaces.pricing.id });
      expect(r.text).toContain("pricing");
      const line = server.access().find((l) => l.rpc === "tools/call get_space");
      // The stateless server never classifies: every request, of either era, gets a fresh server.
      if (!stateless) expect(line?.era).toBe(era === "2026-07-28" ? "modern" : "legacy");
    });
  }
});

describe("confirmations on the 2026-07-28 wire (input_required), two stateless replicas", () => {
  let api: Sandbox;
  let urls: URL[];
  let logs: string[][];

  beforeAll(async () => {
    api = await startSandbox({});
  });
  afterAll(() => api.close());

  /** Two replicas sharing one secret, as behind a load balancer. */
  async function replicas(secrets = [SECRET, SECRET]) {
    logs = [[], []];
    const servers = await Promise.all(
      secrets.map((secret, i) =>
        serve(api.url, { stateless: true, sealer: confirmationSealer(secret), logs: logs[i] }),
      ),
    );
    urls = servers.map((s) => s.url);
    return servers;
  }

  /** A fetch that sends each request to the next replica in turn. */
  function roundRobin(): typeof fetch {
    let next = 0;
    return (input, init) => {
      const target = urls[next++ % urls.length] as URL;
      return fetch(target, init ?? (input instanceof Request ? input : undefined));
    };
  }

  async function ask(space: { id: string; name: string }, confirm: ConfirmAnswer) {
    await replicas();
    const c = await track(
      connectEra("2026-07-28", { url: urls[0] as URL }, { confirm, fetch: roundRobin() }),
    );
    const r = await c.call("delete_space", { space: space.id, confirm: space.name });
    return { c, r };
  }

  it("acts on an accept that reaches the other replica, after saying what and which space", async () => {
    const space = api.store.createSpace({ organizationId: SEED.organizations.globex.id, name: "rr-accept" });
    const { c, r } = await ask(space, { action: "accept", confirm: true });
    expect(c.asked).toEqual([expect.stringContaining(`"rr-accept" (id ${space.id})`)]);
    expect(r.isError, r.text).toBe(false);
    expect(spaceIds(api)).not.toContain(space.id);
    const calls = logs.map(
      (l) => l.filter((line) => line.includes('"rpc":"tools/call delete_space"')).length,
    );
    // Asked by one replica, answered through the other.
    expect(calls).toEqual([1, 1]);
  });

  it.each([
    ["declined", { action: "decline" }],
    ["cancelled", { action: "cancel" }],
    ["declined", { action: "accept", confirm: false }],
  ] as const)("deletes nothing when %s (%j)", async (word, answer) => {
    const name = `rr-no-${answer.action}-${"confirm" in answer}`;
    const space = api.store.createSpace({ organizationId: SEED.organizations.globex.id, name });
    const { r } = await ask(space, answer);
    expect(r.isError).toBe(true);
    expect(r.text).toContain(`the user ${word} the confirmation`);
    expect(r.text).toContain("Nothing was changed.");
    expect(spaceIds(api)).toContain(space.id);
  });

  /** One raw tools/call to a replica; the JSON-RPC answer. */
  async function rawCall(
    url: URL,
    id: number,
    args: Record<string, unknown>,
    retry: Record<string, unknown> = {},
    tool = "delete_space",
  ) {
    const res = await fetch(url, {
      method: "POST",
      headers: modernHeaders("tools/call", tool),
      body: JSON.stringify({
        jsonrpc: "2.0",
        id,
        method: "tools/call",
        params: {
          name: tool,
          arguments: args,
          ...retry,
          _meta: envelope("2026-07-28", { elicitation: { form: {} } }),
        },
      }),
    });
    const [message] = rpcMessages(await res.text());
    // biome-ignore lint/suspicious/noExplicitAny: the test reads arbitrary JSON-RPC fields
    return { status: res.status, message: message as { id?: unknown; result?: any; error?: any } };
  }

  const ACCEPT = { inputResponses: { confirm: { action: "accept", content: { confirm: true } } } };

  it("refuses tampered state with -32602 and changes nothing", async () => {
    await replicas();
    const space = api.store.createSpace({ organizationId: SEED.organizations.globex.id, name: "rr-tamper" });
    const args = { space: space.id, confirm: space.name };
    const first = await rawCall(urls[0] as URL, 1, args);
    expect(first.message.result).toMatchObject({ resultType: "input_required" });
    const state = first.message.result.requestState as string;
    // Flip one character of the signed payload.
    const tampered = state.slice(0, 10) + (state[10] === "A" ? "B" : "A") + state.slice(11);
    const second = await rawCall(urls[1] as URL, 2, args, { ...ACCEPT, requestState: tampered });
    expect(second.message).toMatchObject({ id: 2, error: { code: -32602 } });
    expect(spaceIds(api)).toContain(space.id);
  });

  it("refuses state sealed with another secret, and state from another call", async () => {
    await replicas([SECRET, "another-replica-secret-0123456789abcdef"]);
    const target = api.store.createSpace({ organizationId: SEED.organizations.globex.id, name: "rr-target" });
    const other = api.store.createSpace({ organizationId: SEED.organizations.globex.id, name: "rr-other" });
    const asked = await rawCall(urls[0] as URL, 1, { space: other.id, confirm: other.name });
    const state = asked.message.result.requestState as string;

    const foreignSecret = await rawCall(
      urls[1] as URL,
      2,
      { space: other.id, confirm: other.name },
      {
        ...ACCEPT,
        requestState: state,
      },
    );
    expect(foreignSecret.message).toMatchObject({ id: 2, error: { code: -32602 } });

    // Valid state, but it answers the question about another space.
    const foreignCall = await rawCall(
      urls[0] as URL,
      3,
      { space: target.id, confirm: target.name },
      {
        ...ACCEPT,
        requestState: state,
      },
    );
    expect(foreignCall.message.result.isError).toBe(true);
    expect(foreignCall.message.result.content[0].text).toContain("belongs to another call");
    expect(spaceIds(api)).toEqual(expect.arrayContaining([target.id, other.id]));
  });

  it("asks again, about the space as it is now, when it changed while the user decided", async () => {
    await replicas();
    const space = api.store.createSpace({ organizationId: SEED.organizations.globex.id, name: "rr-before" });
    const { grace } = SEED.users;
    api.store.addSpaceUser(space.id, grace.id, { type: "PREDEFINED", name: "MEMBER" });
    const args = { space: space.id, user: grace.email };
    const asked = await rawCall(urls[0] as URL, 1, args, {}, "remove_space_user");
    expect(asked.message.result.inputRequests.confirm.params.message).toContain('"rr-before"');
    api.store.updateSpace(space.id, { name: "rr-after" });
    const answered = await rawCall(
      urls[1] as URL,
      2,
      args,
      {
        ...ACCEPT,
        requestState: asked.message.result.requestState,
      },
      "remove_space_user",
    );
    // The accept was for "rr-before": the user is asked about "rr-after" before anything is sent.
    expect(answered.message.result).toMatchObject({ resultType: "input_required" });
    expect(answered.message.result.inputRequests.confirm.params.message).toContain('"rr-after"');
    expect(api.store.spaceMembers(space.id).map((m) => m.userId)).toContain(grace.id);
  });

  it("refuses an answer to a call whose arguments changed", async () => {
    await replicas();
    const space = api.store.createSpace({ organizationId: SEED.organizations.globex.id, name: "rr-args" });
    const asked = await rawCall(urls[0] as URL, 1, { space: space.id, confirm: space.name });
    const answered = await rawCall(
      urls[1] as URL,
      2,
      { space: space.id, confirm: space.name, dryRun: false },
      {
        ...ACCEPT,
        requestState: asked.message.result.requestState,
      },
    );
    expect(answered.message.result.content[0].text).toContain("belongs to another call");
    expect(spaceIds(api)).toContain(space.id);
  });
});

/** A stand-in for Arize that never answers reads, and notes what it saw: which requests, and their closing. */
async function stallingUpstream() {
  const seen: Array<{ method: string; path: string; closed: boolean }> = [];
  const held: IncomingMessage[] = [];
  const server: Server = createHttpServer((req) => {
    const entry = { method: req.method ?? "", path: req.url ?? "", closed: false };
    seen.push(entry);
    held.push(req);
    req.socket.once("close", () => {
      entry.closed = true;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe("cancellation", () => {
  const cases: Array<[Era, boolean]> = [
    ["2026-07-28", true],
    ["2026-07-28", false],
    ["2025-11-25", false],
  ];

  it.each(cases)(
    "%s (stateless %s): a cancelled read aborts its upstream request",
    async (era, stateless) => {
      const upstream = await stallingUpstream();
      const server = await serve(upstream.url, { stateless });
      const c = await track(connectEra(era, { url: server.url }));
      const controller = new AbortController();
      const call = c.call("list_spaces", {}, { signal: controller.signal });
      await vi.waitFor(() => expect(upstream.seen).toHaveLength(1));
      controller.abort();
      await expect(call).rejects.toThrow();
      // The upstream connection closes well before the request's 10 s timeout would end it.
      await vi.waitFor(() => expect(upstream.seen[0]?.closed).toBe(true), { timeout: 5000 });
      // The call's own HTTP exchange ended too (its access-log line is written when it does).
      await vi.waitFor(
        () => expect(server.access().some((l) => l.rpc === "tools/call list_spaces")).toBe(true),
        {
          timeout: 5000,
        },
      );
    },
  );

  it.each(ERAS)("%s: a cancelled delete sends no DELETE, and the audit log says cancelled", async (era) => {
    const upstream = await stallingUpstream();
    const dir = await mkdtemp(join(tmpdir(), "eras-audit-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const audit = new AuditLog(join(dir, "audit.jsonl"));
    const server = await serve(upstream.url, { stateless: era === "2026-07-28", audit });
    const c = await track(connectEra(era, { url: server.url }));
    const controller = new AbortController();
    const call = c.call(
      "delete_space",
      { space: SEED.spaces.playground.id, confirm: "playground" },
      {
        signal: controller.signal,
      },
    );
    // The space is read first; the call is cancelled while that read is pending.
    await vi.waitFor(() => expect(upstream.seen).toHaveLength(1));
    controller.abort();
    await expect(call).rejects.toThrow();
    await vi.waitFor(async () => {
      const lines = (await readFile(join(dir, "audit.jsonl"), "utf8")).trim().split("\n");
      expect(JSON.parse(lines.at(-1) ?? "{}")).toMatchObject({ tool: "delete_space", outcome: "cancelled" });
    });
    expect(upstream.seen.map((r) => r.method)).toEqual(["GET"]);
  });
});

describe("progress", () => {
  it.each(ERAS)("%s: a call that makes several requests to Arize reports progress", async (era) => {
    const api = await sandbox();
    const server = await serve(api.url, { stateless: false });
    const c = await track(connectEra(era, { url: server.url }));
    const updates: Array<{ progress: number; message?: string }> = [];
    // Space by name, user by email: two lookups, then the write.
    const r = await c.call(
      "add_space_user",
      { space: "pricing", user: SEED.users.grace.email, role: "member" },
      { onprogress: (p) => updates.push(p) },
    );
    expect(r.isError, r.text).toBe(false);
    // One update before each request after the first, counting up; the last one is the write.
    const progress = updates.map((u) => u.progress);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress).toEqual(progress.map((_, i) => i + 1));
    expect(updates.at(-1)?.message).toMatch(/^Arize request \d+: POST \/v2\/spaces\/.+\/users$/);
  });

  it("sends none when the client did not ask", async () => {
    const api = await sandbox();
    const server = await serve(api.url, { stateless: true });
    const c = await track(connectEra("2026-07-28", { url: server.url }));
    await c.call("get_space", { space: "pricing" });
    // No progress token, no notification: the answer is plain JSON, never upgraded to a stream.
    expect(server.logs.some((l) => l.includes("notifications/progress"))).toBe(false);
  });
});

describe("protocol errors over HTTP", () => {
  let url: URL;
  beforeEach(async () => {
    url = (await serve((await sandbox()).url, { stateless: false })).url;
  });

  async function post(body: unknown, headers: Record<string, string>) {
    const res = await fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
    return { status: res.status, messages: rpcMessages(await res.text()) };
  }
  const modern = (id: number, method: string, params: Record<string, unknown> = {}, version?: string) => ({
    jsonrpc: "2.0",
    id,
    method,
    params: { ...params, _meta: envelope(version) },
  });

  it("an unknown tool is -32602, with the request's id and the tools offered", async () => {
    const r = await post(
      modern(7, "tools/call", { name: "drop_all", arguments: {} }),
      modernHeaders("tools/call", "drop_all"),
    );
    expect(r.messages).toEqual([
      expect.objectContaining({
        id: 7,
        error: expect.objectContaining({
          code: -32602,
          message: expect.stringContaining("This server offers: list_spaces"),
        }),
      }),
    ]);
  });

  it("invalid params are -32602 in one readable line, never -32603 or a schema dump", async () => {
    const r = await post(modern(8, "tools/call", { arguments: {} }), modernHeaders("tools/call"));
    expect(r.messages[0]).toEqual({
      jsonrpc: "2.0",
      id: 8,
      error: {
        code: -32602,
        message:
          "Invalid params for tools/call: params.name: Invalid input: expected string, received undefined",
      },
    });

    const session = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: {
          protocolVersion: "2025-11-25",
          capabilities: {},
          clientInfo: { name: "raw", version: "1" },
        },
      }),
    });
    const sessionId = session.headers.get("mcp-session-id") ?? "";
    await session.text();
    const legacyHeaders = {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-session-id": sessionId,
      "mcp-protocol-version": "2025-11-25",
    };
    await post({ jsonrpc: "2.0", method: "notifications/initialized" }, legacyHeaders);
    const level = await post(
      { jsonrpc: "2.0", id: 9, method: "logging/setLevel", params: { level: "loud" } },
      legacyHeaders,
    );
    expect(level.messages[0]).toMatchObject({ id: 9, error: { code: -32602 } });
    const message = String((level.messages[0]?.error as { message?: string } | undefined)?.message);
    expect(message).toMatch(/^Invalid params for logging\/setLevel: params\.level: Invalid option/);
    expect(message).not.toContain("\n");
  });

  it("an unsupported version is -32022 naming what is supported and what was asked", async () => {
    const r = await post(
      modern(10, "tools/list", {}, "2099-01-01"),
      modernHeaders("tools/list", undefined, "2099-01-01"),
    );
    expect(r.status).toBe(400);
    expect(r.messages[0]).toMatchObject({
      id: 10,
      error: { code: -32022, data: { supported: ["2026-07-28"], requested: "2099-01-01" } },
    });
  });

  it("headers that disagree with the body are -32020", async () => {
    const r = await post(modern(11, "tools/list"), modernHeaders("tools/call", "list_spaces"));
    expect(r.status).toBe(400);
    expect(r.messages[0]).toMatchObject({ error: { code: -32020 } });
  });

  it("a method the 2026-07-28 wire removed is -32601, HTTP 404", async () => {
    const r = await post(modern(12, "ping"), modernHeaders("ping"));
    expect(r.status).toBe(404);
    expect(r.messages[0]).toMatchObject({ id: 12, error: { code: -32601 } });
  });

  it.each([
    ["2026-07-28", modernHeaders("tools/list"), [modern(13, "tools/list")]],
    [
      "2025-11-25",
      {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": "2025-11-25",
      },
      [{ jsonrpc: "2.0", id: 13, method: "tools/list" }],
    ],
  ])("a JSON-RPC batch is refused at %s with -32600", async (_version, headers, batch) => {
    const r = await post(batch, headers);
    expect(r.status).toBe(400);
    expect(r.messages[0]).toMatchObject({
      error: { code: -32600, message: expect.stringContaining("batches are not supported") },
    });
  });
});

describe("protocol errors over stdio", () => {
  /** dist/cli.js --sandbox over stdio, spoken to line by line. */
  function start() {
    requireBuild();
    const lines: Array<Record<string, unknown>> = [];
    const child = spawn(process.execPath, [CLI, "--sandbox"], { env: { PATH: process.env.PATH ?? "" } });
    let buffer = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf("\n"); end >= 0; end = buffer.indexOf("\n")) {
        lines.push(JSON.parse(buffer.slice(0, end)));
        buffer = buffer.slice(end + 1);
      }
    });
    cleanups.push(async () => {
      child.kill();
    });
    return {
      lines,
      send: (message: unknown) => child.stdin.write(`${JSON.stringify(message)}\n`),
      // The first answer waits for the process to start.
      answer: (id: unknown) =>
        vi.waitFor(
          () => {
            const found = lines.find((l) => l.id === id);
            if (!found) throw new Error(`no answer to ${String(id)} yet`);
            return found;
          },
          { timeout: 10_000 },
        ),
    };
  }

  it("2026-07-28: unknown tool and invalid params are -32602 with the id; a batch is refused", async () => {
    const { send, answer, lines } = start();
    send(modernRequest(1, "tools/call", { name: "drop_all", arguments: {} }));
    expect(await answer(1)).toMatchObject({
      error: { code: -32602, message: expect.stringContaining("Unknown tool") },
    });
    send(modernRequest(2, "tools/call", {}));
    expect(await answer(2)).toMatchObject({
      error: {
        code: -32602,
        message:
          "Invalid params for tools/call: params.name: Invalid input: expected string, received undefined",
      },
    });
    send([modernRequest(3, "tools/list", {})]);
    expect(await answer(null)).toMatchObject({
      error: { code: -32600, message: expect.stringContaining("batches are not supported") },
    });
    expect(lines.some((l) => l.id === 3)).toBe(false);
  });

  it("2025-11-25 refuses a batch; 2025-03-26, which allows them, gets each message answered", async () => {
    for (const [version, allowed] of [
      ["2025-11-25", false],
      ["2025-03-26", true],
    ] as const) {
      const { send, answer } = start();
      send({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: version, capabilities: {}, clientInfo: { name: "raw", version: "1" } },
      });
      expect(await answer(1)).toMatchObject({ result: { protocolVersion: version } });
      send({ jsonrpc: "2.0", method: "notifications/initialized" });
      send([
        { jsonrpc: "2.0", id: 2, method: "tools/list" },
        { jsonrpc: "2.0", id: 3, method: "ping" },
      ]);
      if (allowed) {
        expect(await answer(2)).toHaveProperty("result.tools");
        expect(await answer(3)).toMatchObject({ result: {} });
      } else {
        expect(await answer(null)).toMatchObject({ error: { code: -32600 } });
      }
    }
  });
});

function modernRequest(id: number, method: string, params: Record<string, unknown>) {
  return { jsonrpc: "2.0", id, method, params: { ...params, _meta: envelope() } };
}
