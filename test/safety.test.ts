import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ElicitRequestSchema, type ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuditLog } from "../src/audit.js";
import { SEED } from "../src/sandbox/index.js";
import type { ServerDeps } from "../src/server.js";
import { selectTools } from "../src/server.js";
import { spawnServer } from "./support/child.js";
import { connect } from "./support/mcp.js";
import { startTestSandbox, type TestSandbox } from "./support/sandbox-api.js";

const KEY = "ak-safety-7d1e2f3a4b5c-secret";
let sandbox: TestSandbox;
let dir: string;
let mcp: Awaited<ReturnType<typeof connect>> | undefined;

beforeEach(async () => {
  sandbox = await startTestSandbox({ apiKey: KEY });
  dir = await mkdtemp(join(tmpdir(), "arize-mcp-safety-"));
});
afterEach(async () => {
  await mcp?.close();
  mcp = undefined;
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

type Answer = ElicitResult | "never";

async function open(server: Partial<ServerDeps> = {}, elicit?: (message: string) => Answer) {
  const asked: string[] = [];
  mcp = await connect({
    baseUrl: sandbox.url,
    apiKey: KEY,
    server,
    capabilities: elicit ? { elicitation: {} } : {},
    beforeConnect: (client) => {
      if (!elicit) return;
      client.setRequestHandler(ElicitRequestSchema, async (req) => {
        const message = req.params.message;
        asked.push(message);
        const answer = elicit(message);
        return answer === "never" ? new Promise<never>(() => {}) : answer;
      });
    },
  });
  return { mcp, asked };
}

const spaceCount = () => sandbox.store.listSpaces().length;

describe("read-only mode and the allowlist", () => {
  it("read-only lists only the read tools, and a hidden tool cannot be called", async () => {
    const { mcp } = await open({ tools: selectTools({ readOnly: true }) });
    const { tools } = await mcp.client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      "list_spaces",
      "get_space",
      "list_organizations",
      "list_users",
    ]);
    expect(mcp.client.getInstructions()).toContain("This server is read-only");
    const before = spaceCount();
    // A tool that is not offered does not exist: a protocol error (-32602), as for any unknown tool.
    await expect(
      mcp.call("delete_space", { space: SEED.spaces.playground.id, confirm: "playground" }),
    ).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining('Unknown tool "delete_space"'),
    });
    expect(spaceCount()).toBe(before);
    expect(sandbox.requests.filter((q) => q.method !== "GET")).toHaveLength(0);
  });

  it("an allowlist lists exactly those tools", async () => {
    const { mcp } = await open({ tools: selectTools({ tools: ["get_space", "add_space_user"] }) });
    expect((await mcp.client.listTools()).tools.map((t) => t.name)).toEqual(["get_space", "add_space_user"]);
    await expect(mcp.call("create_space", { name: "x" })).rejects.toMatchObject({ code: -32602 });
  });

  it("both combine: read-only wins over an allowlisted write tool", () => {
    expect(selectTools({ readOnly: true, tools: ["list_users", "delete_space"] }).map((t) => t.name)).toEqual(
      ["list_users"],
    );
  });

  it("ARIZE_MCP_READ_ONLY=true reaches the built server", async () => {
    const { client } = await spawnServer(["--sandbox"], { ARIZE_MCP_READ_ONLY: "true" });
    expect((await client.listTools()).tools).toHaveLength(4);
    await client.close();
  });
});

describe("protected spaces", () => {
  let prod: { id: string; name: string };
  beforeEach(() => {
    prod = sandbox.store.createSpace({ name: "prod-payments", organizationId: SEED.organizations.acmeMl.id });
    sandbox.store.addSpaceUser(prod.id, SEED.users.bob.id, { type: "PREDEFINED", name: "MEMBER" });
  });

  // A protected space cannot be changed through the server at all; every refusal says so the same way.
  const cannot =
    "this server cannot change it: no delete, rename, visibility or description change, and no change to who is in it or their roles";
  it.each([
    ["delete_space by name", "delete_space", () => ({ space: "prod-payments", confirm: "prod-payments" })],
    ["delete_space by ID", "delete_space", () => ({ space: prod.id, confirm: "prod-payments" })],
    ["a dry run", "delete_space", () => ({ space: prod.id, dryRun: true })],
    ["a rename", "update_space", () => ({ space: prod.id, name: "payments" })],
    ["making it private", "update_space", () => ({ space: "prod-payments", isPrivate: true })],
    ["making it public", "update_space", () => ({ space: "prod-payments", isPrivate: false })],
    ["a description change", "update_space", () => ({ space: prod.id, description: "Live" })],
    ["removing a user", "remove_space_user", () => ({ space: prod.id, user: SEED.users.bob.email })],
    [
      "adding a user",
      "add_space_user",
      () => ({ space: prod.id, user: SEED.users.carol.email, role: "admin" }),
    ],
    [
      "changing a member's role",
      "add_space_user",
      () => ({ space: prod.id, user: SEED.users.bob.email, role: "read_only" }),
    ],
  ])("refuses %s, naming the rule, and changes nothing", async (_label, tool, args) => {
    const { mcp } = await open({ protect: ["staging", "PROD*"] });
    const before = sandbox.store.snapshot();
    const r = await mcp.call(tool, args());
    expect(r.isError).toBe(true);
    expect(r.text).toBe(
      `Refused: space "prod-payments" (id ${prod.id}) in the organization "Acme ML" is protected by the rule "PROD*" (--protect / ARIZE_MCP_PROTECT), so ${cannot}. No argument can change that: only whoever runs this server can, by changing its protect setting. Nothing was changed.`,
    );
    expect(sandbox.store.snapshot()).toEqual(before);
    expect(sandbox.requests.filter((q) => q.method !== "GET")).toHaveLength(0);
  });

  it("still allows changing a space no rule matches", async () => {
    const { mcp } = await open({ protect: ["prod*"] });
    const other = SEED.spaces.playground.id;
    expect((await mcp.call("update_space", { space: other, description: "Live" })).isError).toBe(false);
    const add = await mcp.call("add_space_user", {
      space: other,
      user: SEED.users.carol.email,
      role: "read_only",
    });
    expect(add.isError).toBe(false);
    expect(sandbox.store.getSpace(other)?.description).toBe("Live");
  });

  it("says which spaces are protected in the instructions", async () => {
    const { mcp } = await open({ protect: ["prod*"] });
    expect(mcp.client.getInstructions()).toContain(
      "Protected spaces (no delete, rename, visibility or description change, and no change to who is in it or their roles): prod*.",
    );
  });
});

describe("confirmation by elicitation", () => {
  const target = () => SEED.spaces.playground;

  it("deletes after an explicit accept, having said what and which space", async () => {
    const { mcp, asked } = await open({}, () => ({ action: "accept", content: { confirm: true } }));
    const r = await mcp.call("delete_space", { space: target().id, confirm: "playground" });
    expect(r.isError).toBe(false);
    expect(asked).toEqual([
      `Permanently delete the space "playground" (id ${target().id}) in the organization "Acme ML" and everything in it? It holds 0 projects, 0 datasets, 0 experiments, 0 prompts, 0 evaluators, 0 annotation queues, 0 tasks. Its models, monitors and dashboards cannot be counted through the API. This cannot be undone.`,
    ]);
    expect(sandbox.store.getSpace(target().id)).toBeUndefined();
  });

  it.each([
    ["declined", { action: "decline" } as Answer, "the user declined the confirmation"],
    ["cancelled", { action: "cancel" } as Answer, "the user cancelled the confirmation"],
    [
      "accepted but unticked",
      { action: "accept", content: { confirm: false } } as Answer,
      "the user declined",
    ],
    ["never answered", "never" as Answer, "did not answer the confirmation in time"],
  ])("deletes nothing when %s, and says so", async (_label, answer, message) => {
    const { mcp } = await open({ confirmTimeoutMs: 300 }, () => answer);
    const r = await mcp.call("delete_space", { space: target().id, confirm: "playground" });
    expect(r.isError).toBe(true);
    expect(r.text).toContain(message);
    expect(r.text).toContain("Nothing was changed.");
    expect(sandbox.store.getSpace(target().id)).toBeDefined();
    expect(sandbox.requests.filter((q) => q.method === "DELETE")).toHaveLength(0);
  });

  it("asks before removing a user, naming user and space, and keeps them on decline", async () => {
    const { mcp, asked } = await open({}, () => ({ action: "decline" }));
    const space = SEED.spaces.fraudModels;
    const r = await mcp.call("remove_space_user", { space: space.id, user: SEED.users.bob.email });
    expect(r.isError).toBe(true);
    expect(asked[0]).toBe(
      `Remove "Bob Martinez" <bob.martinez@acme.example> (id ${SEED.users.bob.id}) from the space "fraud-models" (id ${space.id}) in the organization "Acme ML"? They lose access to it.`,
    );
    expect(sandbox.store.spaceMembers(space.id).some((m) => m.userId === SEED.users.bob.id)).toBe(true);
  });

  it("does not ask a client without the capability, and the confirm rule still applies", async () => {
    const { mcp } = await open();
    const refused = await mcp.call("delete_space", { space: target().id });
    expect(refused.text).toMatch(/^Not deleted\. confirm must equal/);
    expect(sandbox.store.getSpace(target().id)).toBeDefined();
    const done = await mcp.call("delete_space", { space: target().id, confirm: "playground" });
    expect(done.isError).toBe(false);
    expect(sandbox.store.getSpace(target().id)).toBeUndefined();
  });

  it("asks only after the confirm rule passed", async () => {
    const { mcp, asked } = await open({}, () => ({ action: "accept", content: { confirm: true } }));
    await mcp.call("delete_space", { space: target().id, confirm: "wrong" });
    expect(asked).toHaveLength(0);
    expect(sandbox.store.getSpace(target().id)).toBeDefined();
  });
});

describe("retry-safe writes", () => {
  it('create_space with ifExists "return" gives the existing space instead of a duplicate', async () => {
    const { mcp } = await open();
    const args = { name: "retry-me", organization: "Globex", ifExists: "return" };
    const first = await mcp.call("create_space", args);
    const second = await mcp.call("create_space", args);
    expect(first.text).toMatch(/^Created in the organization "Globex"/);
    expect(second.text).toMatch(/^Not created/);
    expect(second.isError).toBe(false);
    expect(second.text).toMatch(
      /^Not created: a space with this name already exists in the organization "Globex"/,
    );
    expect(second.structured?.id).toBe(first.structured?.id);
    expect(sandbox.store.listSpaces({ name: "retry-me" })).toHaveLength(1);
  });

  it('by default a taken name is an error (ifExists "error")', async () => {
    const { mcp } = await open();
    const r = await mcp.call("create_space", { name: "pricing", organization: "Globex" });
    expect(r.isError).toBe(true);
    expect(r.text).toContain("HTTP 409");
  });

  it("removing a non-member says plainly that nothing changed", async () => {
    const { mcp } = await open();
    const r = await mcp.call("remove_space_user", {
      space: SEED.spaces.pricing.id,
      user: SEED.users.bob.email,
    });
    expect(r.isError).toBe(false);
    expect(r.text).toMatch(/^Nothing changed: user "Bob Martinez" .* is not a member of space "pricing"/);
  });
});

describe("audit log", () => {
  const lines = async (file: string) =>
    (await readFile(file, "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it("records every write attempt once, with resolved names and IDs and a key fingerprint", async () => {
    const file = join(dir, "audit.jsonl");
    const { mcp } = await open({ audit: new AuditLog(file), protect: ["pricing"] }, (m) =>
      m.startsWith("Remove") ? { action: "decline" } : { action: "accept", content: { confirm: true } },
    );
    await mcp.call("list_spaces");
    await mcp.call("create_space", { name: "audited", organization: "Globex" });
    await mcp.call("create_space", { name: "audited", organization: "Globex" }); // 409
    await mcp.call("update_space", { space: "audited", description: "d" });
    await mcp.call("add_space_user", { space: "audited", user: SEED.users.grace.email, role: "member" });
    await mcp.call("remove_space_user", { space: "audited", user: SEED.users.grace.email }); // declined
    await mcp.call("delete_space", { space: "pricing", confirm: "pricing" }); // protected
    await mcp.call("delete_space", { space: "audited", dryRun: true });
    await mcp.call("delete_space", { space: "audited", confirm: "audited" });

    const all = await lines(file);
    // Write-ahead: a call that sends a write has an attempt line first, tied to its outcome by `call`.
    const attempts = all.filter((l) => l.phase === "attempt");
    const log = all.filter((l) => l.phase === "outcome");
    expect(log.map((l) => [l.tool, l.outcome])).toEqual([
      ["create_space", "done"],
      ["create_space", "error"],
      ["update_space", "done"],
      ["add_space_user", "done"],
      ["remove_space_user", "declined"],
      ["delete_space", "refused"],
      ["delete_space", "no_write"],
      ["delete_space", "done"],
    ]);
    expect(attempts.map((l) => [l.tool, l.request])).toEqual([
      ["create_space", "POST /v2/spaces"],
      ["create_space", "POST /v2/spaces"],
      ["update_space", expect.stringMatching(/^PATCH \/v2\/spaces\//)],
      ["add_space_user", expect.stringMatching(/^POST \/v2\/spaces\/.*\/users$/)],
      ["delete_space", expect.stringMatching(/^DELETE \/v2\/spaces\//)],
    ]);
    for (const attempt of attempts) {
      const outcomes = log.filter((l) => l.call === attempt.call);
      expect(outcomes).toHaveLength(1);
      expect(all.indexOf(attempt)).toBeLessThan(all.indexOf(outcomes[0] as Record<string, unknown>));
    }
    const fingerprint = createHash("sha256").update(KEY).digest("hex").slice(0, 12);
    expect(log.every((l) => l.keyFingerprint === fingerprint && typeof l.time === "string")).toBe(true);
    expect(log[0]).toMatchObject({
      organization: { id: SEED.organizations.globex.id, name: "Globex" },
      space: { name: "audited" },
      args: { name: "audited", organization: "Globex" },
    });
    expect(log[1]).toMatchObject({ status: 409 });
    expect(log[3]).toMatchObject({ user: { id: SEED.users.grace.id, email: SEED.users.grace.email } });
    expect(log[5]).toMatchObject({ space: { id: SEED.spaces.pricing.id, name: "pricing" } });
    expect(String(log[5]?.reason)).toContain('protected by the rule "pricing"');
    expect(await readFile(file, "utf8")).not.toContain(KEY);
  });

  it("keeps lines whole when writes run concurrently", async () => {
    const file = join(dir, "audit.jsonl");
    const { mcp } = await open({ audit: new AuditLog(file) });
    const description = "x".repeat(900);
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        mcp.call("create_space", { name: `concurrent-${i}`, organization: "Acme Research", description }),
      ),
    );
    const log = (await lines(file)).filter((l) => l.phase === "outcome");
    expect(log).toHaveLength(24);
    expect(new Set(log.map((l) => (l.args as { name: string }).name)).size).toBe(24);
  });

  it("refuses a write whose audit line cannot be written, changing nothing", async () => {
    const file = join(dir, "gone", "audit.jsonl");
    const { mcp } = await open({ audit: new AuditLog(file) });
    const before = spaceCount();
    const r = await mcp.call("create_space", { name: "unaudited", organization: "Globex" });
    expect(r.isError).toBe(true);
    expect(r.text).toBe(
      `Refused: the audit log ${file} cannot be written (ENOENT), and no write happens without its audit line. Nothing was changed.`,
    );
    expect(spaceCount()).toBe(before);
    expect((await mcp.call("list_spaces", { limit: 1 })).isError).toBe(false);
  });
});
