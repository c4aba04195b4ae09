import { expect, it } from "vitest";
import { DEFAULT_ORG, problem, wire } from "../../test/support/mock-api.js";
import { mockApiForEachTest } from "../../test/support/tool-test.js";

const t = mockApiForEachTest();
const enc = encodeURIComponent;

const S = wire.space(1, "risk");
const U = wire.user(7, "bob@acme.io", "Bob Smith");
const MEMBERS = `/v2/spaces/${enc(S.id)}/users`;

async function addWith(args: Record<string, unknown>) {
  t.api.on("GET", `/v2/spaces/${enc(S.id)}`, { body: S });
  t.api.on("GET", "/v2/spaces", { body: wire.page("spaces", [S]) });
  t.api.on("GET", "/v2/users", { body: wire.page("users", [U]) });
  t.api.on("POST", MEMBERS, (req) => ({
    body: { id: "TWVtOjE=", user_id: U.id, space_id: S.id, role: (req.body as { role: unknown }).role },
  }));
  return t.mcp.call("add_space_user", { space: S.id, user: "bob@acme.io", ...args });
}

it.each([
  ["read-only", "READ_ONLY"],
  ["Read_Only", "READ_ONLY"],
  ["MEMBER", "MEMBER"],
  ["admin", "ADMIN"],
  [{ type: "predefined", name: "member" }, "MEMBER"],
  [{ type: "predefined", name: "read-only" }, "READ_ONLY"],
])("sends role %j as the uppercase wire form %s", async (role, wireName) => {
  const r = await addWith({ role });
  expect(t.api.requests.find((q) => q.method === "POST")?.body).toEqual({
    user_id: U.id,
    role: { type: "PREDEFINED", name: wireName },
  });
  expect(r.text).toBe(
    `User "Bob Smith" <bob@acme.io> (id ${U.id}) now has role ${wireName} in space "risk" (id ${S.id}) of the organization "Acme ML" (id ${DEFAULT_ORG.id}). Membership id: TWVtOjE=.`,
  );
  expect(r.structured).toEqual({
    membership: { id: "TWVtOjE=", spaceId: S.id, userId: U.id, role: { type: "PREDEFINED", name: wireName } },
  });
});

it("sends a custom role by ID", async () => {
  const r = await addWith({ customRoleId: "Um9sZToz" });
  expect(t.api.requests.find((q) => q.method === "POST")?.body).toEqual({
    user_id: U.id,
    role: { type: "CUSTOM", id: "Um9sZToz" },
  });
  expect(r.text).toContain("now has role custom role (id Um9sZToz)");
});

it.each([
  [{ role: "owner" }, /Unknown role "owner"/],
  [{}, /Pass exactly one of role/],
  [{ role: "member", customRoleId: "Um9sZToz" }, /Pass exactly one of role/],
  [{ role: { type: "custom", name: "x" } }, /customRoleId/],
])("refuses %j before any request", async (args, message) => {
  const r = await t.mcp.call("add_space_user", { space: S.id, user: "bob@acme.io", ...args });
  expect(r.isError).toBe(true);
  expect(r.text).toMatch(message);
  expect(t.api.requests).toHaveLength(0);
});

it("says when the email matches no user, adding nobody", async () => {
  t.api.on("GET", `/v2/spaces/${enc(S.id)}`, { body: S });
  t.api.on("GET", "/v2/spaces", { body: wire.page("spaces", [S]) });
  t.api.on("GET", "/v2/users", { body: wire.page("users", []) });
  const r = await t.mcp.call("add_space_user", { space: S.id, user: "zed@acme.io", role: "member" });
  expect(r.text).toBe(
    'No user with email "zed@acme.io". Call list_users to search by part of an email or name.',
  );
  expect(t.api.requests.filter((q) => q.method === "POST")).toHaveLength(0);
});

it("turns Arize's 400 for a user outside the organization into a refusal naming who must act", async () => {
  t.api.on("GET", `/v2/spaces/${enc(S.id)}`, { body: S });
  t.api.on("GET", "/v2/spaces", { body: wire.page("spaces", [S]) });
  t.api.on("GET", `/v2/users/${enc(U.id)}`, { body: U });
  t.api.on("POST", MEMBERS, problem(400, "Bad Request", "user is not a member of the parent organization"));
  const r = await t.mcp.call("add_space_user", { space: S.id, user: U.id, role: "member" });
  expect(r.text).toBe(
    `Not added: "Bob Smith" <bob@acme.io> (id ${U.id}) is not a member of the organization "Acme ML" (id ${DEFAULT_ORG.id}), which the space "risk" (id ${S.id}) belongs to, and Arize adds people to a space only from its organization. These tools cannot add anyone to an organization: an organization admin of "Acme ML" (id ${DEFAULT_ORG.id}) must add them to it first. Nothing was changed.`,
  );
});
