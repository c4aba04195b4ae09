import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callApi, spacePath } from "../../test/support/sandbox-api.js";
import { encodeId } from "./ids.js";
import { SEED } from "./seed.js";
import { type Sandbox, startSandbox } from "./server.js";

const { spaces, users, roles } = SEED;
const PROBLEM = "application/problem+json";

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox();
});
afterEach(async () => {
  await sandbox.close();
});

function addUser(spaceId: string, body: unknown) {
  return callApi(sandbox, "POST", spacePath(spaceId, "users"), { body });
}

describe("seeded memberships", () => {
  it("are readable from the store", () => {
    expect(
      sandbox.store.spaceMembers(spaces.fraudModels.id).map(({ userId, role }) => ({ userId, role })),
    ).toEqual([
      { userId: users.alice.id, role: { type: "PREDEFINED", name: "ADMIN" } },
      { userId: users.bob.id, role: { type: "PREDEFINED", name: "MEMBER" } },
      { userId: users.carol.id, role: { type: "PREDEFINED", name: "READ_ONLY" } },
      { userId: users.dan.id, role: { type: "PREDEFINED", name: "ANNOTATOR" } },
    ]);
    expect(sandbox.store.spaceMembers(spaces.supportAgent.id)).toContainEqual({
      id: expect.any(String),
      userId: users.carol.id,
      role: { type: "CUSTOM", id: roles.modelReviewer.id },
    });
  });
});

describe("POST /v2/spaces/{space_id}/users", () => {
  it("adds a member and answers 200 with the membership", async () => {
    const res = await addUser(spaces.churnPrediction.id, {
      user_id: users.carol.id,
      role: { type: "PREDEFINED", name: "MEMBER" },
    });
    expect(res.status).toBe(200);
    expect(res.contentType).toBe("application/json");
    expect(res.json).toEqual({
      id: expect.any(String),
      user_id: users.carol.id,
      space_id: spaces.churnPrediction.id,
      role: { type: "PREDEFINED", name: "MEMBER" },
    });
    expect(Buffer.from(res.json.id, "base64").toString()).toMatch(/^SpaceMembership:\d+$/);
    expect(sandbox.store.spaceMembers(spaces.churnPrediction.id)).toEqual([
      { id: res.json.id, userId: users.carol.id, role: { type: "PREDEFINED", name: "MEMBER" } },
    ]);
  });

  it("updates the role of an existing member, keeping the membership ID", async () => {
    const before = sandbox.store.spaceMembers(spaces.fraudModels.id).find((m) => m.userId === users.bob.id);
    const res = await addUser(spaces.fraudModels.id, {
      user_id: users.bob.id,
      role: { type: "PREDEFINED", name: "READ_ONLY" },
    });
    expect(res.status).toBe(200);
    expect(res.json.id).toBe(before?.id);
    expect(res.json.role).toEqual({ type: "PREDEFINED", name: "READ_ONLY" });
    const after = sandbox.store.spaceMembers(spaces.fraudModels.id);
    expect(after).toHaveLength(4);
    expect(after.find((m) => m.userId === users.bob.id)?.role).toEqual({
      type: "PREDEFINED",
      name: "READ_ONLY",
    });
  });

  it("assigns a custom role and returns it with its name", async () => {
    const res = await addUser(spaces.churnPrediction.id, {
      user_id: users.bob.id,
      role: { type: "CUSTOM", id: roles.promptEngineer.id },
    });
    expect(res.status).toBe(200);
    expect(res.json.role).toEqual({ type: "CUSTOM", id: roles.promptEngineer.id, name: "Prompt Engineer" });
    expect(sandbox.store.spaceMembers(spaces.churnPrediction.id)[0]?.role).toEqual({
      type: "CUSTOM",
      id: roles.promptEngineer.id,
    });
  });

  it("gives an ANNOTATOR account the ANNOTATOR space role", async () => {
    const res = await addUser(spaces.recommendations.id, {
      user_id: users.dan.id,
      role: { type: "PREDEFINED", name: "ANNOTATOR" },
    });
    expect(res.status).toBe(200);
    expect(res.json.role).toEqual({ type: "PREDEFINED", name: "ANNOTATOR" });
  });

  it.each([
    ["an ANNOTATOR account as MEMBER", users.dan.id, { type: "PREDEFINED", name: "MEMBER" }, "ANNOTATOR"],
    [
      "an ANNOTATOR account with a custom role",
      users.dan.id,
      { type: "CUSTOM", id: roles.modelReviewer.id },
      "ANNOTATOR",
    ],
    ["a MEMBER account as ANNOTATOR", users.carol.id, { type: "PREDEFINED", name: "ANNOTATOR" }, "ANNOTATOR"],
    [
      "a user outside the space's organization",
      users.farid.id,
      { type: "PREDEFINED", name: "MEMBER" },
      "organization",
    ],
    ["a Globex user in an Acme space", users.grace.id, { type: "PREDEFINED", name: "ADMIN" }, "organization"],
  ])("answers 400 for %s", async (_label, userId, role, mentioned) => {
    const res = await addUser(spaces.recommendations.id, { user_id: userId, role });
    expect(res.problem).toEqual([400, PROBLEM, "invalid-request"]);
    expect(res.json.detail).toContain(mentioned);
    expect(sandbox.store.spaceMembers(spaces.recommendations.id)).toHaveLength(2);
  });

  it.each([
    ["no user_id", { role: { type: "PREDEFINED", name: "MEMBER" } }, "user_id"],
    ["no role", { user_id: users.bob.id }, "role"],
    ["a string role", { user_id: users.bob.id, role: "MEMBER" }, "role"],
    ["a role without type", { user_id: users.bob.id, role: { name: "MEMBER" } }, "role.type"],
    ["a PREDEFINED role without name", { user_id: users.bob.id, role: { type: "PREDEFINED" } }, "role.name"],
    ["a CUSTOM role without id", { user_id: users.bob.id, role: { type: "CUSTOM" } }, "role.id"],
    [
      "an unknown role field",
      { user_id: users.bob.id, role: { type: "PREDEFINED", name: "ADMIN", x: 1 } },
      "role.x",
    ],
    [
      "an unknown top-level field",
      { user_id: users.bob.id, role: { type: "PREDEFINED", name: "ADMIN" }, y: 1 },
      "y",
    ],
    ["a malformed user_id", { user_id: "bob", role: { type: "PREDEFINED", name: "ADMIN" } }, "user_id"],
    [
      "a malformed custom role id",
      { user_id: users.bob.id, role: { type: "CUSTOM", id: "editor" } },
      "role.id",
    ],
    ["malformed JSON", "{user_id:", "JSON"],
  ])("answers 400 for %s", async (_label, body, mentioned) => {
    const res = await addUser(spaces.fraudModels.id, body);
    expect(res.problem).toEqual([400, PROBLEM, "invalid-request"]);
    expect(res.json.detail).toContain(mentioned);
  });

  it.each([
    ["a lowercase type", { type: "predefined", name: "MEMBER" }, "role.type"],
    ["a lowercase role name", { type: "PREDEFINED", name: "member" }, "role.name"],
    ["the old read-only spelling", { type: "PREDEFINED", name: "read-only" }, "role.name"],
    ["an unknown role name", { type: "PREDEFINED", name: "OWNER" }, "role.name"],
    [
      "a CUSTOM role with a name",
      { type: "CUSTOM", id: roles.modelReviewer.id, name: "Model Reviewer" },
      "role.name",
    ],
  ])("answers 422 for %s", async (_label, role, mentioned) => {
    const res = await addUser(spaces.fraudModels.id, { user_id: users.bob.id, role });
    expect(res.problem).toEqual([422, PROBLEM, "unprocessable-entity"]);
    expect(res.json.detail).toContain(mentioned);
  });

  it.each([
    ["an unknown space", encodeId("Space", 404), users.bob.id, { type: "PREDEFINED", name: "MEMBER" }],
    ["an unknown user", spaces.fraudModels.id, encodeId("User", 404), { type: "PREDEFINED", name: "MEMBER" }],
    [
      "a space ID as user_id",
      spaces.fraudModels.id,
      spaces.pricing.id,
      { type: "PREDEFINED", name: "MEMBER" },
    ],
    [
      "an unknown custom role",
      spaces.fraudModels.id,
      users.bob.id,
      { type: "CUSTOM", id: encodeId("Role", 404) },
    ],
  ])("answers 404 for %s", async (_label, spaceId, userId, role) => {
    const res = await addUser(spaceId, { user_id: userId, role });
    expect(res.problem).toEqual([404, PROBLEM, "resource-not-found"]);
  });
});

describe("DELETE /v2/spaces/{space_id}/users/{user_id}", () => {
  it("removes a member with 204, then 404 because they are no longer a member", async () => {
    const path = spacePath(spaces.fraudModels.id, "users", users.carol.id);
    const res = await callApi(sandbox, "DELETE", path);
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(sandbox.store.spaceMembers(spaces.fraudModels.id).map((m) => m.userId)).toEqual([
      users.alice.id,
      users.bob.id,
      users.dan.id,
    ]);
    const again = await callApi(sandbox, "DELETE", path);
    expect(again.problem).toEqual([404, PROBLEM, "resource-not-found"]);
    expect(again.json.detail).toContain("not a member");
  });

  it("answers 404 for a user who is not a member, and for an unknown space", async () => {
    const notMember = await callApi(sandbox, "DELETE", spacePath(spaces.pricing.id, "users", users.bob.id));
    expect(notMember.problem).toEqual([404, PROBLEM, "resource-not-found"]);
    const noSpace = await callApi(
      sandbox,
      "DELETE",
      spacePath(encodeId("Space", 404), "users", users.bob.id),
    );
    expect(noSpace.problem).toEqual([404, PROBLEM, "resource-not-found"]);
    expect(noSpace.json.detail).toContain("Space");
  });

  it("answers 400 for a malformed user ID", async () => {
    const res = await callApi(sandbox, "DELETE", spacePath(spaces.fraudModels.id, "users", "carol"));
    expect(res.problem).toEqual([400, PROBLEM, "invalid-request"]);
    expect(res.json.detail).toContain("user_id");
  });

  it("has no GET: listing members is not part of the API", async () => {
    const res = await callApi(sandbox, "GET", spacePath(spaces.fraudModels.id, "users"));
    expect(res.problem).toEqual([405, PROBLEM, "method-not-allowed"]);
  });
});
