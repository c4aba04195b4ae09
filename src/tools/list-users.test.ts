import { afterEach, expect, it } from "vitest";
import { connect } from "../../test/support/mcp.js";
import { id, mockApi, wire } from "../../test/support/mock-api.js";

let api: ReturnType<typeof mockApi>;
let mcp: Awaited<ReturnType<typeof connect>>;
async function setup() {
  api = mockApi();
  mcp = await connect({ dispatcher: api.agent });
}
afterEach(async () => {
  await mcp.close();
  await api.agent.close();
});
const _enc = encodeURIComponent;

it("lists users with status and account role", async () => {
  await setup();
  api.on("GET", "/v2/users", {
    body: wire.page("users", [
      wire.user(1, "ann@acme.io", "Ann"),
      {
        ...wire.user(2, "eve@acme.io", "Eve"),
        status: "INVITED",
        role: { type: "PREDEFINED", name: "ANNOTATOR" },
      },
    ]),
  });
  const r = await mcp.call("list_users", { email: "acme" });
  expect(api.requests[0]?.query).toEqual({ email: "acme", limit: "25" });
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
  await setup();
  api.on("GET", "/v2/users", { body: wire.page("users", []) });
  const r = await mcp.call("list_users", { email: "nobody@x.io" });
  expect(r.text).toBe(
    'No users found with an email containing "nobody@x.io". Try a shorter part of the email, or no filter.',
  );
});

it("reports an API change instead of wrong data", async () => {
  await setup();
  api.on("GET", "/v2/users", { body: { users: "nope" } });
  const r = await mcp.call("list_users");
  expect(r.isError).toBe(true);
  expect(r.text).toMatch(
    /^The Arize API answered GET \/v2\/users with something this server does not understand \(users:/,
  );
});
