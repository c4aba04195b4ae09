import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SEED } from "../src/sandbox/index.js";
import { connect } from "./support/mcp.js";
import { startTestSandbox, type TestSandbox } from "./support/sandbox-api.js";

/*
 * What a model reads against the sandbox, for the tasks it used to need extra calls for: spaces of one
 * name told apart, refusals no argument can fix, deleting with sight of what goes, finding people by name.
 */

const { organizations, spaces, users } = SEED;
const acme = organizations.acmeMl;
const research = organizations.acmeResearch;
let sandbox: TestSandbox;
let mcp: Awaited<ReturnType<typeof connect>>;

beforeEach(async () => {
  sandbox = await startTestSandbox();
  mcp = await connect({ baseUrl: sandbox.url });
});
afterEach(async () => {
  await mcp.close();
  await sandbox.close();
});

const writes = () => sandbox.requests.filter((q) => q.method !== "GET");

describe("spaces name their organization", () => {
  it("tells apart the two fraud-models rows", async () => {
    const r = await mcp.call("list_spaces", { name: "fraud-models" });
    expect(r.text).toBe(
      [
        "2 spaces:",
        "| name | id | organization (id) | private | createdAt | description |",
        "| --- | --- | --- | --- | --- | --- |",
        `| fraud-models | ${spaces.fraudModels.id} | Acme ML (${acme.id}) | no | 2025-03-04T10:00:00Z | Fraud detection models for card payments |`,
        `| fraud-models | ${spaces.researchFraudModels.id} | Acme Research (${research.id}) | no | 2025-05-02T10:10:00Z | Research prototypes for fraud detection |`,
      ].join("\n"),
    );
  });
});

describe("refusals no argument can fix name who must act", () => {
  it("a user outside the space's organization", async () => {
    const r = await mcp.call("add_space_user", {
      space: "pricing",
      user: users.bob.email,
      role: "member",
    });
    expect(r.isError).toBe(true);
    expect(r.text).toBe(
      `Not added: "Bob Martinez" <bob.martinez@acme.example> (id ${users.bob.id}) is not a member of the organization "Globex" (id ${organizations.globex.id}), which the space "pricing" (id ${spaces.pricing.id}) belongs to, and Arize adds people to a space only from its organization. These tools cannot add anyone to an organization: an organization admin of "Globex" (id ${organizations.globex.id}) must add them to it first. Nothing was changed.`,
    );
    expect(r.text).not.toMatch(/call add_space_user again|Correct the arguments/);
  });

  it("an annotator account given another role, refused before any write", async () => {
    const r = await mcp.call("add_space_user", {
      space: "fraud-models",
      organization: "Acme ML",
      user: users.dan.email,
      role: "admin",
    });
    expect(r.isError).toBe(true);
    expect(r.text).toBe(
      `Not added: "Dan Okafor" <dan.okafor@acme.example> (id ${users.dan.id}) has the account role ANNOTATOR, and Arize gives annotator accounts only the space role annotator, so they cannot get ADMIN in the space "fraud-models" (id ${spaces.fraudModels.id}) of the organization "Acme ML" (id ${acme.id}). No argument of these tools changes an account role: an account admin must change theirs in Arize AX first. Giving them the annotator role instead is possible, but only if the user asks for it. Nothing was changed.`,
    );
    expect(r.text).not.toMatch(/call add_space_user again|Correct the arguments/);
    expect(writes()).toEqual([]);
  });

  it("the annotator role for an account that is not an annotator, refused before any write", async () => {
    const r = await mcp.call("add_space_user", {
      space: spaces.playground.id,
      user: users.carol.id,
      role: "annotator",
    });
    expect(r.text).toMatch(
      /^Not added: the space role annotator is only for annotator accounts, and "Carol Nguyen"/,
    );
    expect(writes()).toEqual([]);
  });
});

describe("deleting is never blind", () => {
  it("the dry run counts what the space holds, with 500+ past the cap", async () => {
    const r = await mcp.call("delete_space", { space: "search-ranking", dryRun: true });
    expect(r.text).toBe(
      [
        "Dry run: nothing was deleted. delete_space would permanently delete this space and everything in it:",
        'Space "search-ranking"',
        `id: ${spaces.searchRanking.id}`,
        `organization: "Acme ML" (id ${acme.id})`,
        'description: "Learning-to-rank models for site search"',
        "private: no",
        "createdAt: 2025-03-18T14:45:00Z",
        "It holds 1 project, 500+ datasets, 130 experiments, 0 prompts, 4 evaluators, 1 annotation queue, 3 tasks. Its models, monitors and dashboards cannot be counted through the API.",
        `After the user confirms, call delete_space with {"space":"${spaces.searchRanking.id}","confirm":"search-ranking"}`,
      ].join("\n"),
    );
    expect(r.structured?.contents).toEqual({
      projects: 1,
      datasets: "500+",
      experiments: 130,
      prompts: 0,
      evaluators: 4,
      annotationQueues: 1,
      tasks: 3,
    });
    // Counting stops at 5 pages of 100 datasets, although the space holds 612.
    const datasetPages = sandbox.requests.filter((q) => q.path === "/v2/datasets");
    expect(datasetPages).toHaveLength(5);
    expect(
      datasetPages.every((q) => q.query.space_id === spaces.searchRanking.id && q.query.limit === "100"),
    ).toBe(true);
    expect(writes()).toEqual([]);
  });

  it("a kind the key may not read shows as not readable (403), and get_space counts on request", async () => {
    sandbox.failNext({ status: 403, path: "/v2/prompts", times: 5 });
    const r = await mcp.call("get_space", { space: "llm-support-agent", contents: true });
    expect(r.isError).toBe(false);
    expect(r.text.split("\n").at(-1)).toBe(
      "It holds 4 projects, 9 datasets, 23 experiments, prompts: not readable (403), 8 evaluators, 3 annotation queues, 6 tasks. Its models, monitors and dashboards cannot be counted through the API.",
    );
    expect(r.structured?.contents).toMatchObject({ prompts: "not readable (403)", evaluators: 8 });
  });

  it("the confirmation form says what goes, and the delete takes it with the space", async () => {
    const asked: string[] = [];
    await mcp.close();
    const { ElicitRequestSchema } = await import("@modelcontextprotocol/sdk/types.js");
    mcp = await connect({
      baseUrl: sandbox.url,
      capabilities: { elicitation: {} },
      beforeConnect: (client) =>
        client.setRequestHandler(ElicitRequestSchema, async (req) => {
          asked.push(req.params.message);
          return { action: "accept", content: { confirm: true } };
        }),
    });
    const r = await mcp.call("delete_space", {
      space: spaces.recommendations.id,
      confirm: "recommendations",
    });
    expect(asked).toEqual([
      `Permanently delete the space "recommendations" (id ${spaces.recommendations.id}) in the organization "Acme ML" and everything in it? It holds 2 projects, 8 datasets, 12 experiments, 0 prompts, 3 evaluators, 0 annotation queues, 2 tasks. Its models, monitors and dashboards cannot be counted through the API. This cannot be undone.`,
    ]);
    expect(r.text).toContain("It held 2 projects, 8 datasets, 12 experiments");
    expect(sandbox.store.listContents("Dataset", { spaceIds: new Set([spaces.recommendations.id]) })).toEqual(
      [],
    );
  });
});

describe("list_users by part of the name", () => {
  it("matches any case, pages with a cursor, and says when the scan was cut", async () => {
    expect((await mcp.call("list_users", { name: "FARID" })).structured?.users).toEqual([
      expect.objectContaining({ id: users.farid.id, email: "farid.haddad@acme.example" }),
    ]);
    for (let n = 0; n < 1000; n++)
      sandbox.store.createUser({ name: `Temp ${n}`, email: `t${n}@acme.example` });
    const zoe = sandbox.store.createUser({ name: "Zoë Ferreira", email: "zf@acme.example" });
    const first = await mcp.call("list_users", { name: "zoë" });
    expect(first.text.split("\n")[0]).toBe(
      'Read 1000 users looking for names containing "zoë" and stopped there (the API cannot filter by name); the rest are not read yet.',
    );
    expect(first.structured?.users).toEqual([]);
    const next = (first.structured as { pagination: { nextCursor: string } }).pagination.nextCursor;
    expect(first.text).toContain(`More results: call list_users with {"name":"zoë","cursor":"${next}"}`);
    const second = await mcp.call("list_users", { name: "zoë", cursor: next });
    expect(second.structured).toEqual({
      users: [expect.objectContaining({ id: zoe.id, name: "Zoë Ferreira" })],
      pagination: { hasMore: false },
    });
  });
});

describe("schemas say what they mean", () => {
  it("limit is 1-100 and role is one of four values, still accepting tolerant forms", async () => {
    const { tools } = await mcp.client.listTools();
    const input = (name: string) => tools.find((t) => t.name === name)?.inputSchema.properties ?? {};
    for (const name of ["list_spaces", "list_organizations", "list_users"]) {
      expect(input(name).limit).toEqual({
        description: "Page size",
        type: "integer",
        minimum: 1,
        maximum: 100,
      });
    }
    expect(input("add_space_user").role).toEqual({
      description: "Or customRoleId",
      type: "string",
      enum: ["admin", "member", "read_only", "annotator"],
    });
    const added = await mcp.call("add_space_user", {
      space: spaces.playground.id,
      user: users.carol.id,
      role: { type: "predefined", name: "Read-Only" },
    });
    expect(added.text).toContain("now has role READ_ONLY");
    expect(added.text).not.toContain("again");
  });
});
