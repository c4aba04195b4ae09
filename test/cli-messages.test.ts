import { type ChildProcess, spawn } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CLI, requireBuild, runCli, spawnServer } from "./support/child.js";
import { textOf } from "./support/mcp.js";
import { startTestSandbox, type TestSandbox } from "./support/sandbox-api.js";

// What a new user meets in the first hour: each start-up message is one line that says what happened and
// what to do, with its exit code; each tool message says what to fix. All on the built dist/cli.js.

const KEY = "ak-first-hour-7d1e-secret";

let dir: string;
const cleanups: (() => Promise<unknown> | unknown)[] = [];

beforeAll(async () => {
  requireBuild();
  dir = await mkdtemp(join(tmpdir(), "first-hour-"));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function lines(text: string): string[] {
  return text.split("\n").filter(Boolean);
}

/** A port on 127.0.0.1 that this test holds open. */
async function occupiedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return (server.address() as { port: number }).port;
}

/** A port on 127.0.0.1 where nothing listens: bound, then closed again. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function sandboxApi(): Promise<TestSandbox> {
  const sandbox = await startTestSandbox({ apiKey: KEY });
  cleanups.push(() => sandbox.close());
  return sandbox;
}

describe("start-up messages: one line on stderr, and the exit code", () => {
  it.each(["20.18.0", "20.17.1", "19.9.0"])("Node %s, older than the engines field", async (version) => {
    const older = `data:text/javascript,Object.defineProperty(process.versions,"node",{value:"${version}"})`;
    const { code, stdout, stderr } = await runCli(["--version"], {}, { node: ["--import", older] });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `arize-ax-spaces-mcp: Node.js ${version} is too old; this server needs Node.js 20.18.1 or newer. Install a newer Node.js, or point your MCP client's "command" at one (node --version shows which runs).\n`,
    );
  });

  it("a port in use, over HTTP", async () => {
    const port = await occupiedPort();
    const { code, stdout, stderr } = await runCli(["--transport", "http", "--port", String(port)]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `arize-ax-spaces-mcp: port ${port} on 127.0.0.1 is already in use; pass --port N for another port, or --port 0 for a free one\n`,
    );
  });

  it("a port in use, for the sandbox command", async () => {
    const port = await occupiedPort();
    const { code, stderr } = await runCli(["sandbox", "--port", String(port)]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `arize-ax-spaces-mcp: port ${port} on 127.0.0.1 is already in use; pass --port N for another port, or --port 0 for a free one\n`,
    );
  });

  it.each([
    [
      ["--port", "3001"],
      {},
      "--port applies only with --transport http; add --transport http, or remove it to serve over stdio",
    ],
    [
      ["--sandbox", "--host", "0.0.0.0", "--stateless"],
      {},
      "--host, --stateless apply only with --transport http; add --transport http, or remove them to serve over stdio",
    ],
    [
      ["--api-key", KEY],
      {},
      "Unknown option --api-key: the API key is read from the ARIZE_API_KEY environment variable only, so it stays out of process lists: set it in the env block of your MCP client's server config",
    ],
    [
      [],
      { ARIZE_REGION: "eu-west-1" },
      'ARIZE_REGION must be one of eu-west-1a, ca-central-1a; got "eu-west-1" (did you mean eu-west-1a?). For any other Arize deployment set ARIZE_BASE_URL (--base-url) to its API origin instead',
    ],
    [
      [],
      { ARIZE_REGION: "us-central-1a" },
      'ARIZE_REGION must be one of eu-west-1a, ca-central-1a; got "us-central-1a". For any other Arize deployment set ARIZE_BASE_URL (--base-url) to its API origin instead',
    ],
  ])("%j %j", async (args, env, message) => {
    const { code, stdout, stderr } = await runCli(args, env);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(`arize-ax-spaces-mcp: ${message}\n`);
    expect(stderr).not.toContain(KEY);
  });

  it("a corrupt --sandbox-data file: one line, without the file's contents", async () => {
    const file = join(dir, "corrupt.json");
    await writeFile(file, '{"version": 1,\n  "spaces": [ "SECRET-CONTENT" oops ]\n}\n');
    const { code, stderr } = await runCli(["--sandbox", "--sandbox-data", file]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `arize-ax-spaces-mcp: Sandbox data file ${file} is not valid JSON (line 2, column 32). Fix the file, or remove it to start again from the seed data.\n`,
    );
  });

  it("a --sandbox-data file that can be read but not written stops start-up, not every write", async () => {
    const folder = join(dir, "read-only");
    const file = join(folder, "sandbox.json");
    // A first run writes a valid file; then the folder is made read-only for the user of the second run.
    expect((await runCli(["--sandbox", "--sandbox-data", file])).code).toBe(0);
    const asRoot = process.getuid?.() === 0;
    // As root, the second run is another user's (root writes anywhere); mkdtemp's folder is theirs to enter.
    if (asRoot) await chmod(dir, 0o755);
    await chmod(folder, asRoot ? 0o755 : 0o555);
    await chmod(file, 0o644);
    cleanups.push(() => chmod(folder, 0o755));
    const nobody = asRoot ? { uid: 65534, gid: 65534 } : {};
    const { code, stderr } = await runCli(["--sandbox", "--sandbox-data", file], {}, nobody);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `arize-ax-spaces-mcp: Sandbox data file ${file} cannot be written (EACCES); choose a path this user can write, or make its folder writable.\n`,
    );
  });

  it("a relative --sandbox-data file goes to the per-user data folder, whatever folder the client starts in", async () => {
    const home = join(dir, "home");
    const { code, stderr } = await runCli(
      ["--sandbox", "--sandbox-data", "sandbox.json"],
      { HOME: home },
      { cwd: "/" },
    );
    expect(code).toBe(0);
    const file = join(home, ".local", "share", "arize-ax-spaces-mcp", "sandbox.json");
    expect((await stat(file)).isFile()).toBe(true);
    expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({ version: 1 });
    expect(stderr).toContain(`changes are kept in ${file}`);
  });
});

describe("a key pasted with quotes", () => {
  it("is used without them, and stderr says so without the key", async () => {
    const sandbox = await sandboxApi();
    const { client, transport } = await spawnServer([], {
      ARIZE_API_KEY: `"${KEY}"`,
      ARIZE_BASE_URL: sandbox.url,
    });
    cleanups.push(() => client.close());
    const r = await client.callTool({ name: "list_organizations", arguments: {} });
    expect(r.isError ?? false, textOf(r)).toBe(false);
    expect(sandbox.requests.at(-1)?.authorization).toBe(`Bearer ${KEY}`);
    expect(lines(transport.stderr)).toContain(
      "[arize-ax-spaces-mcp] warning: ARIZE_API_KEY was wrapped in quotes; they were removed. Set the key without quotes to silence this.",
    );
    expect(transport.stderr).not.toContain(KEY);
  });
});

describe("tool messages that say what to fix", () => {
  it("a base URL that answers with a web page says it is not the Arize API, not 'call list_spaces'", async () => {
    const web: Server = createHttpServer((_req, res) => {
      res.writeHead(404, { "content-type": "text/html" }).end("<html><body><h1>Not Found</h1></body></html>");
    });
    await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => web.close(resolve)));
    const origin = `http://127.0.0.1:${(web.address() as { port: number }).port}`;
    const { client } = await spawnServer([], { ARIZE_API_KEY: KEY, ARIZE_BASE_URL: origin });
    cleanups.push(() => client.close());
    const r = await client.callTool({ name: "list_spaces", arguments: {} });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toBe(
      `${origin} does not answer like the Arize API (GET /v2/organizations: HTTP 404, not JSON). Nothing was changed. Check ARIZE_BASE_URL or ARIZE_REGION in this server's configuration (the default is https://api.arize.com), then restart it.`,
    );
  });

  it("a write whose request was never sent says nothing changed", async () => {
    const origin = `http://127.0.0.1:${await closedPort()}`;
    const { client } = await spawnServer([], { ARIZE_API_KEY: KEY, ARIZE_BASE_URL: origin });
    cleanups.push(() => client.close());
    const r = await client.callTool({ name: "create_space", arguments: { name: "first-hour" } });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toBe(
      `Could not reach the Arize API at ${origin} (ECONNREFUSED). Check ARIZE_BASE_URL or ARIZE_REGION and the network. Nothing was changed: the failure came before the change was sent.`,
    );
  });

  it("a rejected per-request key names the X-Arize-Api-Key header", async () => {
    const sandbox = await sandboxApi();
    const child: ChildProcess = spawn(process.execPath, [CLI, "--transport", "http", "--port", "0"], {
      env: { PATH: process.env.PATH ?? "", ARIZE_API_KEY: KEY, ARIZE_BASE_URL: sandbox.url },
      stdio: ["ignore", "ignore", "pipe"],
    });
    cleanups.push(() => child.kill("SIGKILL"));
    const url = await new Promise<URL>((resolve, reject) => {
      let stderr = "";
      child.stderr?.setEncoding("utf8");
      child.stderr?.on("data", (chunk: string) => {
        stderr += chunk;
        const m = /MCP over Streamable HTTP at (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr);
        if (m?.[1]) resolve(new URL(m[1]));
      });
      child.on("exit", (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
    });
    const client = new Client({ name: "first-hour", version: "1.0.0" });
    await client.connect(
      new StreamableHTTPClientTransport(url, {
        requestInit: { headers: { "X-Arize-Api-Key": "ak-wrong-per-request-key" } },
      }),
    );
    cleanups.push(() => client.close());
    const r = await client.callTool({ name: "list_spaces", arguments: {} });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toBe(
      "Arize rejected the API key sent in the X-Arize-Api-Key header (HTTP 401). Check the key your MCP client sends in X-Arize-Api-Key (Arize AX: Settings > API Keys); this server's own ARIZE_API_KEY was not used.",
    );
  });
});
