import { type ChildProcess, spawn } from "node:child_process";
import { get as httpGet } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CLI, requireBuild } from "./support/child.js";
import { startTestSandbox, type TestSandbox } from "./support/sandbox-api.js";

// dist/cli.js --transport http as a separate process: start-up line, access log on stderr, SIGTERM drain.

const SERVER_KEY = "ak-cli-http-server-3b8e-secret";
const CLIENT_KEY = "ak-cli-http-client-91d4-secret";
const TOKEN = "tok-cli-http-0f6a-secret";

interface Running {
  child: ChildProcess;
  url: URL;
  stderr: () => string;
  exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
let sandbox: TestSandbox;

beforeAll(async () => {
  requireBuild();
  sandbox = await startTestSandbox({ apiKey: undefined, latencyMs: 1200 });
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});
afterAll(async () => {
  await sandbox?.close();
});

async function startCli(args: string[], env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, [CLI, "--transport", "http", "--port", "0", ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const url = await new Promise<URL>((resolve, reject) => {
    child.stderr?.on("data", (chunk: string) => {
      stderr += chunk;
      const m = /MCP over Streamable HTTP at (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr);
      if (m?.[1]) resolve(new URL(m[1]));
    });
    void exited.then((code) => reject(new Error(`exited with ${code} before listening: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr, exited };
}

/** A GET on a new connection (never a kept-alive one), resolving to the status. */
function connectFresh(url: URL): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
  });
}

async function connect(url: URL, headers: Record<string, string> = {}) {
  const client = new Client({ name: "http-cli-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
  return client;
}

describe.each([
  ["stateful", []],
  ["stateless", ["--stateless"]],
] as const)("dist/cli.js --transport http (%s)", (_mode, flags) => {
  it("on SIGTERM lets the in-flight call finish, stops accepting, and exits 0", async () => {
    const server = await startCli([...flags], { ARIZE_BASE_URL: sandbox.url, ARIZE_API_KEY: SERVER_KEY });
    const client = await connect(server.url);
    const before = sandbox.requests.length;
    const call = client.callTool({ name: "list_organizations", arguments: {} });
    while (sandbox.requests.length === before) await sleep(10);
    server.child.kill("SIGTERM");
    await sleep(100);
    // Stopped accepting: a new connection is refused while the call is still running.
    await expect(connectFresh(new URL("/healthz", server.url))).rejects.toMatchObject({
      code: "ECONNREFUSED",
    });

    const result = await call;
    expect(result.isError ?? false).toBe(false);
    expect(JSON.stringify(result.content)).toContain("Acme ML");
    expect(await server.exited).toBe(0);
    await client.close().catch(() => {});

    const access = server
      .stderr()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const line = access.find((l) => l.rpc === "tools/call list_organizations");
    expect(line).toMatchObject({ method: "POST", path: "/mcp", status: 200, client: "127.0.0.1" });
    expect(line?.ms).toBeGreaterThanOrEqual(1000);
    expect(server.stderr()).not.toContain(SERVER_KEY);
  });

  it("with ARIZE_MCP_AUTH_TOKEN: needs the token, passes X-Arize-Api-Key to the API, logs neither", async () => {
    const server = await startCli([...flags], {
      ARIZE_BASE_URL: sandbox.url,
      ARIZE_API_KEY: SERVER_KEY,
      ARIZE_MCP_AUTH_TOKEN: TOKEN,
    });
    const refused = await fetch(server.url, { method: "POST" });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer /);
    expect((await fetch(new URL("/healthz", server.url))).status).toBe(200);

    const client = await connect(server.url, {
      Authorization: `Bearer ${TOKEN}`,
      "X-Arize-Api-Key": CLIENT_KEY,
    });
    const before = sandbox.requests.length;
    const r = await client.callTool({ name: "list_users", arguments: { email: "grace" } });
    expect(r.isError ?? false).toBe(false);
    const seen = sandbox.requests.slice(before).map((q) => q.authorization);
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([`Bearer ${CLIENT_KEY}`]));
    await client.close();

    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    for (const secret of [TOKEN, CLIENT_KEY, SERVER_KEY]) expect(server.stderr()).not.toContain(secret);
    expect(server.stderr()).toContain('"status":401');
  });
});
