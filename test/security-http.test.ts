import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { connect as netConnect, type Socket } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../src/config.js";
import { CLI, requireBuild } from "./support/child.js";
import { fakeUpstream, wireOf } from "./support/fake-upstream.js";

// What the HTTP front guarantees (client keys, connection and per-client limits, early refusals), checked
// against dist/cli.js --transport http on 127.0.0.1 (other loopback source addresses stand in for other clients), with a local fake upstream.

const SERVER_KEY = "ak-redteam-http-server-8c7b-secret";
const CLIENT_KEY = "ak-redteam-http-client-2d3e-secret";
const TOKEN = "tok-redteam-9a8b";
const MCP_HEADERS = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
  "mcp-protocol-version": "2025-11-25",
};
const INITIALIZE = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1.0.0" } },
});

const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Running {
  child: ChildProcess;
  url: URL;
  stderr: () => string;
}

/** dist/cli.js --transport http on a free port; resolves once it listens (or rejects with its stderr). */
async function startCli(args: string[], env: Record<string, string>): Promise<Running> {
  requireBuild();
  const child = spawn(process.execPath, [CLI, "--transport", "http", "--port", "0", ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  cleanups.push(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  const url = await new Promise<URL>((resolve, reject) => {
    child.stderr?.on("data", (chunk: string) => {
      stderr += chunk;
      const m = /MCP over Streamable HTTP at (http:\/\/[^\s]+\/mcp)/.exec(stderr);
      if (m?.[1]) resolve(new URL(m[1]));
    });
    child.on("exit", (code) => reject(new Error(`exited with ${code} before listening: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr };
}

async function mcpClient(url: URL, headers: Record<string, string>) {
  const client = new Client({ name: "redteam", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
  cleanups.push(() => client.close().catch(() => {}));
  return client;
}

/** A raw request from a chosen loopback source address (another client, as far as limits go). */
function raw(
  url: URL,
  o: { method?: string; headers?: Record<string, string>; body?: string; from?: string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: o.method ?? "POST", headers: o.headers, localAddress: o.from, agent: false },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          text += c;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on("error", reject);
    req.end(o.body);
  });
}

describe("the server's own key is never used silently for a client", () => {
  async function upstream() {
    const u = await fakeUpstream((req) =>
      req.path.startsWith("/v2/spaces")
        ? { body: wireOf.page("spaces", [wireOf.space("U3BhY2U6MQ==", "a")]) }
        : undefined,
    );
    cleanups.push(u.close);
    return u;
  }

  it("--require-client-key refuses a call with a missing or blank X-Arize-Api-Key, sending nothing", async () => {
    const api = await upstream();
    const server = await startCli(["--require-client-key"], {
      ARIZE_BASE_URL: api.url,
      ARIZE_API_KEY: SERVER_KEY,
    });
    for (const headers of [{}, { "X-Arize-Api-Key": "   " }] as Array<Record<string, string>>) {
      const client = await mcpClient(server.url, headers);
      const r = (await client.callTool({ name: "list_spaces", arguments: {} })) as {
        isError?: boolean;
        content: Array<{ text: string }>;
      };
      expect(r.isError).toBe(true);
      expect(r.content[0]?.text).toMatch(
        /^Refused: this server requires each request to carry its own Arize API key/,
      );
    }
    expect(api.seen).toHaveLength(0);
    const client = await mcpClient(server.url, { "X-Arize-Api-Key": CLIENT_KEY });
    await client.callTool({ name: "list_spaces", arguments: {} });
    expect(api.seen.length).toBeGreaterThan(0);
    expect(new Set(api.seen.map((q) => q.authorization))).toEqual(new Set([`Bearer ${CLIENT_KEY}`]));
  });

  it("without the flag a blank header counts as missing (the server's key, as the README says)", async () => {
    const api = await upstream();
    const server = await startCli([], { ARIZE_BASE_URL: api.url, ARIZE_API_KEY: SERVER_KEY });
    const client = await mcpClient(server.url, { "X-Arize-Api-Key": " " });
    await client.callTool({ name: "list_spaces", arguments: {} });
    expect(api.seen.length).toBeGreaterThan(0);
    expect(new Set(api.seen.map((q) => q.authorization))).toEqual(new Set([`Bearer ${SERVER_KEY}`]));
  });

  it("warns at start-up when bound beyond loopback with ARIZE_API_KEY set and the flag off", () => {
    // Checked on the configuration the CLI prints once it listens: a test never binds beyond loopback.
    const config = (flags: string[]) =>
      loadConfig({
        env: { ARIZE_API_KEY: SERVER_KEY },
        argv: ["--transport", "http", "--host", "192.0.2.1", "--auth-token", TOKEN, ...flags],
      });
    const [warning] = config([]).warnings;
    expect(warning).toContain("serving HTTP on 192.0.2.1 with ARIZE_API_KEY set");
    expect(warning).toContain("--require-client-key");
    expect(warning).not.toContain(SERVER_KEY);
    expect(config(["--require-client-key"]).warnings).toEqual([]);
  });
});

/** The number of file descriptors the process holds. */
const descriptors = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;

describe("connections cannot be exhausted before authentication", () => {
  it("half-sent headers are cut off, connections are capped, and /healthz answers again", async () => {
    const server = await startCli(
      ["--auth-token", TOKEN, "--max-connections", "16", "--headers-timeout-ms", "800"],
      {},
    );
    const pid = server.child.pid as number;
    const base = descriptors(pid);
    const sockets: Socket[] = [];
    const closed: Array<Promise<string>> = [];
    for (let i = 0; i < 60; i++) {
      const socket = netConnect(Number(server.url.port), "127.0.0.1");
      sockets.push(socket);
      let seen = "";
      socket.on("data", (d) => {
        seen += d;
      });
      socket.on("error", () => {});
      closed.push(new Promise((resolve) => socket.on("close", () => resolve(seen))));
      socket.write(`POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: `);
    }
    cleanups.push(() => {
      for (const s of sockets) s.destroy();
    });
    // However many came, the server never holds more than its cap of them.
    await vi.waitFor(() => expect(sockets.every((s) => s.readyState !== "opening")).toBe(true));
    expect(descriptors(pid)).toBeLessThanOrEqual(base + 16 + 4);
    // Every half-sent request is closed by the server: the ones admitted with 408, the rest at once.
    const answers = await Promise.all(closed);
    expect(answers.filter((a) => a.startsWith("HTTP/1.1 408")).length).toBeGreaterThan(0);
    const health = await raw(new URL("/healthz", server.url), { method: "GET" });
    expect(health.status).toBe(200);
  });

  it("a trickled body is cut off by the request timeout", async () => {
    const server = await startCli(["--headers-timeout-ms", "500", "--request-timeout-ms", "1000"], {});
    const socket = netConnect(Number(server.url.port), "127.0.0.1");
    cleanups.push(() => socket.destroy());
    socket.on("error", () => {});
    let seen = "";
    socket.on("data", (d) => {
      seen += d;
    });
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.write(
      `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n`,
    );
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < 200 && !socket.destroyed) {
        socket.write(" ");
        sent++;
      }
    }, 50);
    cleanups.push(() => clearInterval(timer));
    await closed;
    expect(sent).toBeLessThan(200);
    expect(seen).toMatch(/^HTTP\/1\.1 408/);
  });
});

describe("per-client limits cannot be sidestepped, and one client cannot lock out the others", () => {
  it("one client gets at most --max-sessions-per-client sessions; another still gets one", async () => {
    const server = await startCli(["--max-sessions", "6", "--max-sessions-per-client", "2"], {});
    const open = (from: string) => raw(server.url, { headers: MCP_HEADERS, body: INITIALIZE, from });
    expect((await open("127.0.0.1")).status).toBe(200);
    expect((await open("127.0.0.1")).status).toBe(200);
    const third = await open("127.0.0.1");
    expect(third.status).toBe(429);
    expect(third.text).toContain("already holds 2 sessions");
    expect(Number(third.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect((await open("127.0.0.2")).status).toBe(200);
  });

  it("initialize is rate limited per client", async () => {
    const server = await startCli(["--initialize-rate-limit", "3", "--stateless"], {});
    const open = (from: string) => raw(server.url, { headers: MCP_HEADERS, body: INITIALIZE, from });
    for (let i = 0; i < 3; i++) expect((await open("127.0.0.1")).status).toBe(200);
    const limited = await open("127.0.0.1");
    expect(limited.status).toBe(429);
    expect(limited.text).toContain("at most 3 initialize requests per minute per client");
    expect((await open("127.0.0.3")).status).toBe(200);
  });
});

describe("early refusals reach fetch clients", () => {
  it("an 8 MiB POST gets its 413 (and an unauthenticated one its 401), every time", async () => {
    const server = await startCli(["--auth-token", TOKEN], {});
    const big = "x".repeat(8 * 1024 * 1024);
    for (let i = 0; i < 5; i++) {
      const res = await fetch(server.url, {
        method: "POST",
        headers: { ...MCP_HEADERS, authorization: `Bearer ${TOKEN}` },
        body: big,
      });
      expect(res.status).toBe(413);
      expect(res.headers.get("connection")).toBe("close");
      expect(await res.text()).toContain("Payload Too Large");
    }
    for (let i = 0; i < 3; i++) {
      const res = await fetch(server.url, { method: "POST", headers: MCP_HEADERS, body: big });
      expect(res.status).toBe(401);
      await res.text();
    }
  });
});
