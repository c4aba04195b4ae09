import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED, startSandbox } from "../src/sandbox/index.js";
import { tools as registry } from "../src/tools/index.js";
import { toolsListFor } from "../src/tools/listing.js";
import { VERSION } from "../src/version.js";
import { runCli, spawnServer } from "./support/child.js";
import { textOf } from "./support/mcp.js";
import { startTestSandbox, type TestSandbox } from "./support/sandbox-api.js";

const KEY = "ak-e2e-4f1c9b7d2e-secret";

describe("dist/cli.js over stdio against the sandbox", () => {
  let sandbox: TestSandbox;
  let server: Awaited<ReturnType<typeof spawnServer>>;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ apiKey: KEY });
    server = await spawnServer([], { ARIZE_API_KEY: KEY, ARIZE_BASE_URL: sandbox.url });
  });
  afterAll(async () => {
    await server?.client.close();
    await sandbox?.close();
  });

  it("lists every tool of the registry, in order, as the source defines it (the build serves a precomputed listing)", async () => {
    const { tools } = await server.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(registry.map((t) => t.name));
    expect(tools).toEqual(JSON.parse(JSON.stringify(toolsListFor(registry))));
  });

  it("runs every tool once, changing the sandbox as asked", async () => {
    const call = async (name: string, args: Record<string, unknown>) => {
      const r = await server.client.callTool({ name, arguments: args });
      expect(r.isError ?? false, `${name}: ${textOf(r)}`).toBe(false);
      return { text: textOf(r), structured: r.structuredContent as Record<string, unknown> };
    };
    const orgs = await call("list_organizations", {});
    expect(orgs.text).toContain(SEED.organizations.acmeMl.id);

    const spaces = await call("list_spaces", { organization: "Acme ML", limit: 3 });
    expect(spaces.text).toContain("3 spaces (more available)");
    expect(spaces.text).toContain("More results: call list_spaces with");

    const got = await call("get_space", { space: "fraud-models", organization: "Acme Research" });
    expect(got.structured.id).toBe(SEED.spaces.researchFraudModels.id);

    const created = await call("create_space", {
      name: "e2e-space",
      organization: "Globex",
      description: "temp",
    });
    const spaceId = created.structured.id as string;
    expect(sandbox.store.getSpace(spaceId)?.name).toBe("e2e-space");

    const updated = await call("update_space", {
      space: "e2e-space",
      name: "e2e-renamed",
      description: null,
    });
    expect(updated.text).toContain('name "e2e-space" -> "e2e-renamed"');

    const users = await call("list_users", { email: "grace" });
    expect(users.text).toContain("grace.kim@globex.example");

    await call("add_space_user", { space: spaceId, user: "grace.kim@globex.example", role: "read-only" });
    expect(sandbox.store.spaceMembers(spaceId)).toEqual([
      expect.objectContaining({
        userId: SEED.users.grace.id,
        role: { type: "PREDEFINED", name: "READ_ONLY" },
      }),
    ]);

    const removed = await call("remove_space_user", { space: spaceId, user: SEED.users.grace.id });
    expect(removed.structured).toEqual({ removed: true, spaceId, userId: SEED.users.grace.id });

    const deleted = await call("delete_space", { space: spaceId, confirm: "e2e-renamed" });
    expect(deleted.structured.deleted).toBe(true);
    expect(sandbox.store.getSpace(spaceId)).toBeUndefined();
  });

  it("answers an ambiguous name with both candidates", async () => {
    const r = await server.client.callTool({ name: "get_space", arguments: { space: "fraud-models" } });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toContain(SEED.spaces.fraudModels.id);
    expect(textOf(r)).toContain(SEED.spaces.researchFraudModels.id);
  });

  it("puts only MCP frames on stdout and never the key on stderr", () => {
    const lines = server.transport.stdoutLines;
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: "2.0" });
    expect(lines.join("\n")).not.toContain(KEY);
    expect(server.transport.stderr).toContain("beta");
    expect(server.transport.stderr).not.toContain(KEY);
  });

  it("sends its User-Agent and the bearer key to the API", () => {
    const seen = sandbox.requests.filter((r) => r.path.startsWith("/v2/"));
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(new Set(seen.map((r) => r.userAgent))).toEqual(new Set([`arize-ax-spaces-mcp/${VERSION}`]));
  });
});

describe("dist/cli.js start-up", () => {
  it("starts without a key, lists tools, and each call says how to set it", async () => {
    const { client, transport } = await spawnServer([], {});
    expect((await client.listTools()).tools).toHaveLength(registry.length);
    const r = await client.callTool({ name: "list_spaces", arguments: {} });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/^No Arize API key is configured\. Set ARIZE_API_KEY/);
    expect(transport.stderr).toContain("ARIZE_API_KEY is not set");
    await client.close();
  });

  it("reports a wrong key as a 401 with advice, without echoing it", async () => {
    const sandbox = await startSandbox({ apiKey: KEY });
    const wrong = "ak-wrong-key-0000";
    const { client, transport } = await spawnServer([], {
      ARIZE_API_KEY: wrong,
      ARIZE_BASE_URL: sandbox.url,
    });
    const r = await client.callTool({ name: "list_spaces", arguments: {} });
    expect(textOf(r)).toMatch(/^Arize rejected the API key \(HTTP 401\)/);
    await client.close();
    await sandbox.close();
    expect(transport.stderr + transport.stdoutLines.join("\n")).not.toContain(wrong);
  });

  it.each([
    [["--timeout-ms", "abc"], {}, "--timeout-ms must be a whole number"],
    [[], { ARIZE_REGION: "mars" }, "ARIZE_REGION must be one of eu-west-1a, ca-central-1a"],
    [["--nope"], {}, "Unknown option --nope"],
  ])("stops on bad configuration %j %j with exit code 2 and one line", async (args, env, message) => {
    const { code, stdout, stderr } = await runCli(args, env);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain(message);
  });

  it("prints --version and --help", async () => {
    expect((await runCli(["--version"])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("ARIZE_API_KEY");
  });
});
