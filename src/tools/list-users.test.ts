import { expect, it } from "vitest";
import { id, wire } from "../../test/support/mock-api.js";
import { mockApiForEachTest } from "../../test/support/tool-test.js";

const t = mockApiForEachTest();

it("lists users with status and account role", async () => {
  t.api.on("GET", "/v2/users", {
    body: wire.page("users", [
      wire.user(1, "ann@acme.io", "Ann"),
      {
        ...wire.user(2, "eve@acme.io", "Eve"),
        status: "INVITED",
        role: { type: "PREDEFINED", name: "ANNOTATOR" },
      },
    ]),
  });
  const r = await t.mcp.call("list_users", { email: "acme" });
  expect(t.api.requests[0]?.query).toEqual({ email: "acme", limit: "25" });
  expect(r.text).toBe(
    [
      "2 users:",
      "| name | email | id | status | accountRole |",
      "| --- | --- | --- | --- | --- |",
      `| Ann | ann@acme.io | ${id("User", 1)} | ACTIVE | MEMBER |`,
      `| Eve | eve@acme.io | ${id("User", 2)} | INVITED | ANNOTATOR |`,
    ].join("\n"),
  );
  expect(r.structured).toEqual({
    users: [
      { id: id("User", 1), name: "Ann", email: "ann@acme.io", status: "ACTIVE", role: "MEMBER" },
      { id: id("User", 2), name: "Eve", email: "eve@acme.io", status: "INVITED", role: "ANNOTATOR" },
    ],
    pagination: { hasMore: false },
  });
});

it("suggests a shorter filter when nothing matches", async () => {
  t.api.on("GET", "/v2/users", { body: wire.page("users", []) });
  const r = await t.mcp.call("list_users", { email: "nobody@x.io" });
  expect(r.text).toBe(
    'No users found with an email containing "nobody@x.io". Try a shorter part of the email, or no filter.',
  );
});

it("reports an API change instead of wrong data", async () => {
  t.api.on("GET", "/v2/users", { body: { users: "nope" } });
  const r = await t.mcp.call("list_users");
  expect(r.isError).toBe(true);
  expect(r.text).toMatch(
    /^The Arize API answered GET \/v2\/users with something this server does not understand \(users:/,
  );
});
