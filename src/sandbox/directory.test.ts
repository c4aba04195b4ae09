import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callApi } from "../../test/support/sandbox-api.js";
import { encodeId } from "./ids.js";
import { SEED } from "./seed.js";
import { type Sandbox, startSandbox } from "./server.js";

const { organizations, users, roles } = SEED;
const PROBLEM = "application/problem+json";

// These endpoints are read-only, so one sandbox serves the whole file.
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

const ids = (list: Array<{ id: string }>) => list.map((item) => item.id);

describe("organizations", () => {
  it("lists them in creation order, in the wire shape", async () => {
    const res = await callApi(sandbox, "GET", "/v2/organizations");
    expect(res.status).toBe(200);
    expect(ids(res.json.organizations)).toEqual([
      organizations.acmeMl.id,
      organizations.acmeResearch.id,
      organizations.globex.id,
    ]);
    expect(res.json.organizations[0]).toEqual({
      id: organizations.acmeMl.id,
      name: "Acme ML",
      description: "Production machine learning at Acme",
      created_at: "2025-01-06T09:00:00Z",
    });
    expect(res.json.pagination).toEqual({ has_more: false });
  });

  it("filters by a case-insensitive name substring", async () => {
    const res = await callApi(sandbox, "GET", "/v2/organizations?name=ACME");
    expect(res.json.organizations.map((o: { name: string }) => o.name)).toEqual(["Acme ML", "Acme Research"]);
  });

  it("pages", async () => {
    const first = await callApi(sandbox, "GET", "/v2/organizations?limit=2");
    expect(first.json.organizations).toHaveLength(2);
    expect(first.json.pagination.has_more).toBe(true);
    const cursor = encodeURIComponent(first.json.pagination.next_cursor);
    const second = await callApi(sandbox, "GET", `/v2/organizations?limit=2&cursor=${cursor}`);
    expect(ids(second.json.organizations)).toEqual([organizations.globex.id]);
    expect(second.json.pagination).toEqual({ has_more: false });
  });

  it("gets one by ID, 404 when unknown, 400 when malformed", async () => {
    const ok = await callApi(
      sandbox,
      "GET",
      `/v2/organizations/${encodeURIComponent(organizations.globex.id)}`,
    );
    expect(ok.json).toEqual({
      id: organizations.globex.id,
      name: "Globex",
      description: "",
      created_at: "2025-02-03T14:00:00Z",
    });
    const unknown = await callApi(
      sandbox,
      "GET",
      `/v2/organizations/${encodeURIComponent(encodeId("Organization", 9))}`,
    );
    expect(unknown.problem).toEqual([404, PROBLEM, "resource-not-found"]);
    const malformed = await callApi(sandbox, "GET", "/v2/organizations/globex");
    expect(malformed.problem).toEqual([400, PROBLEM, "invalid-request"]);
  });

  it("rejects a bad limit", async () => {
    expect((await callApi(sandbox, "GET", "/v2/organizations?limit=500")).problem).toEqual([
      400,
      PROBLEM,
      "invalid-request",
    ]);
  });

  it("knows who belongs to which organization", () => {
    expect(sandbox.store.organizationMemberIds(organizations.acmeResearch.id)).toEqual([
      users.alice.id,
      users.bob.id,
      users.farid.id,
    ]);
    expect(sandbox.store.organizationMemberIds(organizations.acmeMl.id)).not.toContain(users.farid.id);
  });
});

describe("users", () => {
  it("lists all eight in creation order, in the wire shape", async () => {
    const res = await callApi(sandbox, "GET", "/v2/users");
    expect(ids(res.json.users)).toEqual(Object.values(users).map((u) => u.id));
    expect(res.json.users[0]).toEqual({
      id: users.alice.id,
      name: "Alice Chen",
      email: "alice.chen@acme.example",
      created_at: "2025-01-06T09:05:00Z",
      status: "ACTIVE",
      role: { type: "PREDEFINED", name: "ADMIN" },
      is_developer: true,
    });
    const createdAt = res.json.users.map((u: { created_at: string }) => u.created_at);
    expect([...createdAt].sort()).toEqual(createdAt);
  });

  it("filters by a case-insensitive partial email", async () => {
    const res = await callApi(sandbox, "GET", "/v2/users?email=GLOBEX.example");
    expect(ids(res.json.users)).toEqual([users.grace.id]);
    const exact = await callApi(
      sandbox,
      "GET",
      `/v2/users?email=${encodeURIComponent("Dan.Okafor@acme.example")}`,
    );
    expect(exact.json.users.map((u: { role: unknown }) => u.role)).toEqual([
      { type: "PREDEFINED", name: "ANNOTATOR" },
    ]);
  });

  it("filters by one or more statuses", async () => {
    const invited = await callApi(sandbox, "GET", "/v2/users?status=INVITED");
    expect(ids(invited.json.users)).toEqual([users.erin.id]);
    const either = await callApi(sandbox, "GET", "/v2/users?status=INVITED&status=EXPIRED");
    expect(ids(either.json.users)).toEqual([users.erin.id, users.hank.id]);
    const bad = await callApi(sandbox, "GET", "/v2/users?status=invited");
    expect(bad.problem).toEqual([400, PROBLEM, "invalid-request"]);
    expect(bad.json.detail).toContain("status");
  });

  it("pages", async () => {
    const first = await callApi(sandbox, "GET", "/v2/users?limit=5");
    expect(first.json.users).toHaveLength(5);
    const cursor = encodeURIComponent(first.json.pagination.next_cursor);
    const second = await callApi(sandbox, "GET", `/v2/users?limit=5&cursor=${cursor}`);
    expect(ids(second.json.users)).toEqual([users.farid.id, users.grace.id, users.hank.id]);
    expect(second.json.pagination).toEqual({ has_more: false });
  });

  it("gets one by ID, 404 when unknown or another type", async () => {
    const ok = await callApi(sandbox, "GET", `/v2/users/${encodeURIComponent(users.erin.id)}`);
    expect(ok.json).toMatchObject({ id: users.erin.id, status: "INVITED", is_developer: false });
    for (const id of [encodeId("User", 99), organizations.acmeMl.id]) {
      const res = await callApi(sandbox, "GET", `/v2/users/${encodeURIComponent(id)}`);
      expect(res.problem).toEqual([404, PROBLEM, "resource-not-found"]);
    }
  });
});

describe("roles", () => {
  it("lists the custom roles", async () => {
    const res = await callApi(sandbox, "GET", "/v2/roles");
    expect(ids(res.json.roles)).toEqual([roles.modelReviewer.id, roles.promptEngineer.id]);
    expect(res.json.roles[0]).toEqual({
      id: roles.modelReviewer.id,
      name: "Model Reviewer",
      description: "Reads models, monitors and dashboards.",
      permissions: ["SPACE_READ", "ML_MODEL_READ", "MONITOR_READ", "DASHBOARD_READ"],
      is_predefined: false,
      created_at: "2025-02-10T15:00:00Z",
      updated_at: "2025-02-10T15:00:00Z",
    });
  });

  it("pages and filters on is_predefined", async () => {
    const first = await callApi(sandbox, "GET", "/v2/roles?limit=1");
    expect(ids(first.json.roles)).toEqual([roles.modelReviewer.id]);
    expect(first.json.pagination.has_more).toBe(true);
    const second = await callApi(
      sandbox,
      "GET",
      `/v2/roles?limit=1&cursor=${first.json.pagination.next_cursor}`,
    );
    expect(ids(second.json.roles)).toEqual([roles.promptEngineer.id]);
    expect(second.json.pagination).toEqual({ has_more: false });
    const predefined = await callApi(sandbox, "GET", "/v2/roles?is_predefined=true");
    expect(predefined.json.roles).toEqual([]);
    const bad = await callApi(sandbox, "GET", "/v2/roles?is_predefined=yes");
    expect(bad.problem).toEqual([400, PROBLEM, "invalid-request"]);
  });

  it("gets one by ID", async () => {
    const res = await callApi(sandbox, "GET", `/v2/roles/${encodeURIComponent(roles.promptEngineer.id)}`);
    expect(res.json.name).toBe("Prompt Engineer");
    const unknown = await callApi(sandbox, "GET", `/v2/roles/${encodeURIComponent(encodeId("Role", 77))}`);
    expect(unknown.problem).toEqual([404, PROBLEM, "resource-not-found"]);
  });
});
