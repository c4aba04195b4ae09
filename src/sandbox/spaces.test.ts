import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callApi, spacePath } from "../../test/support/sandbox-api.js";
import { encodeId } from "./ids.js";
import { SEED } from "./seed.js";
import { type Sandbox, startSandbox } from "./server.js";

const { organizations, spaces } = SEED;
const INVALID = "application/problem+json";

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox();
});
afterEach(async () => {
  await sandbox.close();
});

const allSpaceIds = Object.values(spaces).map((s) => s.id);

describe("GET /v2/spaces", () => {
  it("lists the demo spaces in creation order, in the wire shape", async () => {
    const res = await callApi(sandbox, "GET", "/v2/spaces");
    expect(res.status).toBe(200);
    expect(res.contentType).toBe("application/json");
    expect(res.json.spaces.map((s: { id: string }) => s.id)).toEqual(allSpaceIds);
    expect(res.json.spaces[0]).toEqual({
      id: spaces.fraudModels.id,
      name: "fraud-models",
      description: "Fraud detection models for card payments",
      created_at: "2025-03-04T10:00:00Z",
      is_private: false,
    });
    expect(res.json.pagination).toEqual({ has_more: false });
  });

  it("pages with an opaque cursor, and the last page has no next_cursor", async () => {
    const first = await callApi(sandbox, "GET", "/v2/spaces?limit=5");
    expect(first.json.spaces).toHaveLength(5);
    expect(first.json.pagination.has_more).toBe(true);
    expect(typeof first.json.pagination.next_cursor).toBe("string");

    const cursor = encodeURIComponent(first.json.pagination.next_cursor);
    const second = await callApi(sandbox, "GET", `/v2/spaces?limit=5&cursor=${cursor}`);
    expect(second.json.spaces).toHaveLength(5);
    expect(second.json.pagination.has_more).toBe(true);

    const cursor2 = encodeURIComponent(second.json.pagination.next_cursor);
    const third = await callApi(sandbox, "GET", `/v2/spaces?limit=5&cursor=${cursor2}`);
    expect(third.json.spaces).toHaveLength(2);
    expect(third.json.pagination).toEqual({ has_more: false });
    expect(Object.hasOwn(third.json.pagination, "next_cursor")).toBe(false);

    const seen = [...first.json.spaces, ...second.json.spaces, ...third.json.spaces].map((s) => s.id);
    expect(seen).toEqual(allSpaceIds);
  });

  it("ends exactly on a full page with has_more false", async () => {
    const res = await callApi(sandbox, "GET", "/v2/spaces?limit=12");
    expect(res.json.spaces).toHaveLength(12);
    expect(res.json.pagination).toEqual({ has_more: false });
  });

  it("keeps its place when items are deleted between pages", async () => {
    const first = await callApi(sandbox, "GET", "/v2/spaces?limit=3");
    sandbox.store.deleteSpace(spaces.searchRanking.id); // the first item of page two
    const cursor = encodeURIComponent(first.json.pagination.next_cursor);
    const second = await callApi(sandbox, "GET", `/v2/spaces?limit=3&cursor=${cursor}`);
    expect(second.json.spaces.map((s: { id: string }) => s.id)).toEqual([
      spaces.supportAgent.id,
      spaces.hrAnalytics.id,
      spaces.playground.id,
    ]);
  });

  it("returns 50 items when no limit is given", async () => {
    for (let i = 0; i < 60; i += 1) {
      sandbox.store.createSpace({ name: `bulk-${i}`, organizationId: organizations.globex.id });
    }
    const res = await callApi(sandbox, "GET", "/v2/spaces");
    expect(res.json.spaces).toHaveLength(50);
    expect(res.json.pagination.has_more).toBe(true);
  });

  it.each(["0", "101", "abc", "1.5", "-1", ""])("rejects limit=%j with 400", async (limit) => {
    const res = await callApi(sandbox, "GET", `/v2/spaces?limit=${limit}`);
    expect(res.problem).toEqual([400, INVALID, "invalid-request"]);
    expect(res.json.detail).toContain("limit");
  });

  it("accepts limit=1 and limit=100", async () => {
    expect((await callApi(sandbox, "GET", "/v2/spaces?limit=1")).json.spaces).toHaveLength(1);
    expect((await callApi(sandbox, "GET", "/v2/spaces?limit=100")).json.spaces).toHaveLength(12);
  });

  it("rejects a cursor it did not issue", async () => {
    const res = await callApi(sandbox, "GET", "/v2/spaces?cursor=bm90LWEtY3Vyc29y");
    expect(res.problem).toEqual([400, INVALID, "invalid-request"]);
    expect(res.json.detail).toContain("cursor");
  });

  it("filters by org_id", async () => {
    const org = encodeURIComponent(organizations.acmeResearch.id);
    const res = await callApi(sandbox, "GET", `/v2/spaces?org_id=${org}`);
    expect(res.json.spaces.map((s: { id: string }) => s.id)).toEqual([
      spaces.researchFraudModels.id,
      spaces.visionExperiments.id,
      spaces.ragEvals.id,
    ]);
  });

  it("answers 404 for an unknown org_id and 400 for a malformed one", async () => {
    const unknown = encodeURIComponent(encodeId("Organization", 999));
    expect((await callApi(sandbox, "GET", `/v2/spaces?org_id=${unknown}`)).problem).toEqual([
      404,
      INVALID,
      "resource-not-found",
    ]);
    expect((await callApi(sandbox, "GET", "/v2/spaces?org_id=acme")).problem).toEqual([
      400,
      INVALID,
      "invalid-request",
    ]);
  });

  it("filters by a case-insensitive name substring, combinable with org_id", async () => {
    const res = await callApi(sandbox, "GET", "/v2/spaces?name=FRAUD");
    expect(res.json.spaces.map((s: { id: string }) => s.id)).toEqual([
      spaces.fraudModels.id,
      spaces.researchFraudModels.id,
    ]);
    const org = encodeURIComponent(organizations.acmeMl.id);
    const scoped = await callApi(sandbox, "GET", `/v2/spaces?name=fraud&org_id=${org}`);
    expect(scoped.json.spaces.map((s: { id: string }) => s.id)).toEqual([spaces.fraudModels.id]);
    const none = await callApi(sandbox, "GET", "/v2/spaces?name=nothing-like-this");
    expect(none.json).toEqual({ spaces: [], pagination: { has_more: false } });
  });

  it("stays fast with 10,000 spaces", async () => {
    for (let i = 0; i < 10_000; i += 1) {
      sandbox.store.createSpace({ name: `space-${i}`, organizationId: organizations.acmeMl.id });
    }
    const started = performance.now();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const query = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const res = await callApi(sandbox, "GET", `/v2/spaces?limit=100${query}`);
      cursor = res.json.pagination.next_cursor;
      pages += 1;
    } while (cursor);
    const filtered = await callApi(sandbox, "GET", "/v2/spaces?name=space-9999&limit=100");
    const elapsed = performance.now() - started;
    expect(pages).toBe(101);
    expect(filtered.json.spaces.map((s: { name: string }) => s.name)).toEqual(["space-9999"]);
    expect(elapsed).toBeLessThan(5_000);
  });
});

describe("GET /v2/spaces/{space_id}", () => {
  it("returns the space; the ID may arrive percent-encoded or not", async () => {
    const encoded = await callApi(sandbox, "GET", spacePath(spaces.hrAnalytics.id));
    expect(encoded.status).toBe(200);
    expect(encoded.json).toEqual({
      id: spaces.hrAnalytics.id,
      name: "hr-analytics",
      description: "Restricted: attrition and compensation models",
      created_at: "2025-04-09T16:20:00Z",
      is_private: true,
    });
    const raw = await callApi(sandbox, "GET", `/v2/spaces/${spaces.fraudModels.id}`);
    expect(spaces.fraudModels.id).toContain("=");
    expect(raw.json.id).toBe(spaces.fraudModels.id);
  });

  it("answers 404 for an unknown space and for an ID of another type", async () => {
    for (const id of [encodeId("Space", 999), SEED.users.alice.id, organizations.acmeMl.id]) {
      const res = await callApi(sandbox, "GET", spacePath(id));
      expect(res.problem).toEqual([404, INVALID, "resource-not-found"]);
      expect(res.json.detail).toContain(id);
      expect(res.json.instance).toBe(spacePath(id));
    }
  });

  it.each([
    ["not base64", "fraud-models"],
    ["base64 without a type", "Zm9vYmFy"],
    ["unpadded base64", "U3BhY2U6MQ"],
  ])("answers 400 for an ID that is %s", async (_label, id) => {
    const res = await callApi(sandbox, "GET", spacePath(id));
    expect(res.problem).toEqual([400, INVALID, "invalid-request"]);
    expect(res.json.detail).toContain("space_id");
  });
});

describe("POST /v2/spaces", () => {
  it("creates a space with defaults and answers 201", async () => {
    const res = await callApi(sandbox, "POST", "/v2/spaces", {
      body: { name: "new-space", organization_id: organizations.globex.id },
    });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      id: expect.any(String),
      name: "new-space",
      description: "",
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      is_private: false,
    });
    expect(allSpaceIds).not.toContain(res.json.id);
    expect(sandbox.store.getSpace(res.json.id)).toMatchObject({
      name: "new-space",
      organizationId: organizations.globex.id,
    });
    const read = await callApi(sandbox, "GET", spacePath(res.json.id));
    expect(read.json).toEqual(res.json);
  });

  it("stores description and is_private when given", async () => {
    const res = await callApi(sandbox, "POST", "/v2/spaces", {
      body: {
        name: "secret",
        organization_id: organizations.acmeMl.id,
        description: "hush",
        is_private: true,
      },
    });
    expect(res.json).toMatchObject({ name: "secret", description: "hush", is_private: true });
  });

  it("accepts a 255-character name and a 1000-character description", async () => {
    const res = await callApi(sandbox, "POST", "/v2/spaces", {
      body: {
        name: "n".repeat(255),
        organization_id: organizations.acmeMl.id,
        description: "d".repeat(1000),
      },
    });
    expect(res.status).toBe(201);
  });

  it("answers 409 for a name already used in the organization, but not across organizations or cases", async () => {
    const duplicate = await callApi(sandbox, "POST", "/v2/spaces", {
      body: { name: "fraud-models", organization_id: organizations.acmeMl.id },
    });
    expect(duplicate.problem).toEqual([409, INVALID, "resource-conflict"]);
    expect(duplicate.json.detail).toContain("fraud-models");

    const otherOrg = await callApi(sandbox, "POST", "/v2/spaces", {
      body: { name: "fraud-models", organization_id: organizations.globex.id },
    });
    expect(otherOrg.status).toBe(201);
    const otherCase = await callApi(sandbox, "POST", "/v2/spaces", {
      body: { name: "Fraud-Models", organization_id: organizations.acmeMl.id },
    });
    expect(otherCase.status).toBe(201);
  });

  it("answers 404 for an unknown organization", async () => {
    const res = await callApi(sandbox, "POST", "/v2/spaces", {
      body: { name: "x", organization_id: encodeId("Organization", 42) },
    });
    expect(res.problem).toEqual([404, INVALID, "resource-not-found"]);
  });

  const org = organizations.acmeMl.id;
  it.each([
    ["malformed JSON", "{not json", "JSON"],
    ["an empty body", "", "body"],
    ["a JSON array", "[]", "object"],
    ["no name", { organization_id: org }, "name"],
    ["no organization_id", { name: "x" }, "organization_id"],
    ["a numeric name", { name: 5, organization_id: org }, "name"],
    ["a null description", { name: "x", organization_id: org, description: null }, "description"],
    ["a string is_private", { name: "x", organization_id: org, is_private: "yes" }, "is_private"],
    ["an unknown field", { name: "x", organization_id: org, colour: "red" }, "colour"],
    ["an id", { name: "x", organization_id: org, id: encodeId("Space", 77) }, "id"],
    ["a created_at", { name: "x", organization_id: org, created_at: "2025-01-01T00:00:00Z" }, "created_at"],
    ["a malformed organization_id", { name: "x", organization_id: "acme" }, "organization_id"],
    ["an empty name and a bad type (400 wins)", { name: "", organization_id: 7 }, "organization_id"],
  ])("answers 400 for %s", async (_label, body, mentioned) => {
    const res = await callApi(sandbox, "POST", "/v2/spaces", { body });
    expect(res.problem).toEqual([400, INVALID, "invalid-request"]);
    expect(res.json.detail).toContain(mentioned);
    expect(sandbox.store.listSpaces()).toHaveLength(12);
  });

  it.each([
    ["an empty name", { name: "", organization_id: org }, "name"],
    ["a whitespace name", { name: "   ", organization_id: org }, "name"],
    ["a 256-character name", { name: "n".repeat(256), organization_id: org }, "name"],
    [
      "a 1001-character description",
      { name: "x", organization_id: org, description: "d".repeat(1001) },
      "description",
    ],
  ])("answers 422 for %s", async (_label, body, mentioned) => {
    const res = await callApi(sandbox, "POST", "/v2/spaces", { body });
    expect(res.problem).toEqual([422, INVALID, "unprocessable-entity"]);
    expect(res.json.detail).toContain(mentioned);
  });
});

describe("PATCH /v2/spaces/{space_id}", () => {
  const path = () => spacePath(spaces.churnPrediction.id);

  it("renames, and frees the old name", async () => {
    const res = await callApi(sandbox, "PATCH", path(), { body: { name: "churn-v2" } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      id: spaces.churnPrediction.id,
      name: "churn-v2",
      description: "",
      created_at: spaces.churnPrediction.createdAt,
      is_private: false,
    });
    expect(sandbox.store.getSpace(spaces.churnPrediction.id)?.name).toBe("churn-v2");
    const reuse = await callApi(sandbox, "POST", "/v2/spaces", {
      body: { name: "churn-prediction", organization_id: organizations.acmeMl.id },
    });
    expect(reuse.status).toBe(201);
  });

  it("sets, then clears the description with null or an empty string", async () => {
    const set = await callApi(sandbox, "PATCH", path(), { body: { description: "weekly churn" } });
    expect(set.json.description).toBe("weekly churn");
    const cleared = await callApi(sandbox, "PATCH", path(), { body: { description: null } });
    expect(cleared.json.description).toBe("");
    await callApi(sandbox, "PATCH", path(), { body: { description: "again" } });
    const emptied = await callApi(sandbox, "PATCH", path(), { body: { description: "" } });
    expect(emptied.json.description).toBe("");
    expect(sandbox.store.getSpace(spaces.churnPrediction.id)?.description).toBe("");
  });

  it("changes only is_private when only is_private is sent", async () => {
    const res = await callApi(sandbox, "PATCH", spacePath(spaces.fraudModels.id), {
      body: { is_private: true },
    });
    expect(res.json).toMatchObject({
      name: "fraud-models",
      description: spaces.fraudModels.description,
      is_private: true,
    });
  });

  it("allows keeping the same name, and a name used in another organization", async () => {
    const fraud = spacePath(spaces.fraudModels.id);
    expect((await callApi(sandbox, "PATCH", fraud, { body: { name: "fraud-models" } })).status).toBe(200);
    expect((await callApi(sandbox, "PATCH", path(), { body: { name: "rag-evals" } })).status).toBe(200);
  });

  it("answers 409 when renaming to a name taken in the same organization", async () => {
    const res = await callApi(sandbox, "PATCH", path(), { body: { name: "recommendations" } });
    expect(res.problem).toEqual([409, INVALID, "resource-conflict"]);
    expect(sandbox.store.getSpace(spaces.churnPrediction.id)?.name).toBe("churn-prediction");
  });

  it.each([
    ["an empty object", {}, "At least one"],
    ["an unknown field", { title: "x" }, "title"],
    ["an id", { id: spaces.pricing.id }, "id"],
    ["a numeric name", { name: 1 }, "name"],
    ["a null name", { name: null }, "name"],
    ["a string is_private", { is_private: "true" }, "is_private"],
  ])("answers 400 for %s", async (_label, body, mentioned) => {
    const res = await callApi(sandbox, "PATCH", path(), { body });
    expect(res.problem).toEqual([400, INVALID, "invalid-request"]);
    expect(res.json.detail).toContain(mentioned);
  });

  it.each([
    ["an empty name", { name: "" }],
    ["a 256-character name", { name: "x".repeat(256) }],
    ["a 1001-character description", { description: "x".repeat(1001) }],
  ])("answers 422 for %s", async (_label, body) => {
    const res = await callApi(sandbox, "PATCH", path(), { body });
    expect(res.problem).toEqual([422, INVALID, "unprocessable-entity"]);
  });

  it("answers 404 for an unknown space", async () => {
    const res = await callApi(sandbox, "PATCH", spacePath(encodeId("Space", 500)), { body: { name: "x" } });
    expect(res.problem).toEqual([404, INVALID, "resource-not-found"]);
  });
});

describe("DELETE /v2/spaces/{space_id}", () => {
  it("answers 204 with no body, removes the space and its memberships, and frees the name", async () => {
    expect(sandbox.store.spaceMembers(spaces.fraudModels.id)).toHaveLength(4);
    const res = await callApi(sandbox, "DELETE", spacePath(spaces.fraudModels.id));
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(sandbox.store.getSpace(spaces.fraudModels.id)).toBeUndefined();
    expect(sandbox.store.spaceMembers(spaces.fraudModels.id)).toEqual([]);
    expect((await callApi(sandbox, "GET", spacePath(spaces.fraudModels.id))).status).toBe(404);
    const again = await callApi(sandbox, "DELETE", spacePath(spaces.fraudModels.id));
    expect(again.problem).toEqual([404, INVALID, "resource-not-found"]);
    const recreate = await callApi(sandbox, "POST", "/v2/spaces", {
      body: { name: "fraud-models", organization_id: organizations.acmeMl.id },
    });
    expect(recreate.status).toBe(201);
    expect(recreate.json.id).not.toBe(spaces.fraudModels.id);
  });

  it("answers 400 for a malformed ID", async () => {
    const res = await callApi(sandbox, "DELETE", spacePath("%%%"));
    expect(res.problem).toEqual([400, INVALID, "invalid-request"]);
  });
});
