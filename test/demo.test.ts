import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { requireBuild } from "./support/child.js";

const run = promisify(execFile);

it("npm run demo walks an agent through every step on the sandbox", async () => {
  requireBuild();
  const script = fileURLToPath(new URL("../scripts/demo.mjs", import.meta.url));
  const { stdout } = await run(process.execPath, [script], { timeout: 30_000 });
  const steps = stdout.split("\n=== ").slice(1);
  const expected: Array<[string, RegExp]> = [
    ["see the organizations", /3 organizations:[\s\S]*Acme ML \| T3JnYW5pemF0aW9uOjE=/],
    [
      "list spaces, first page",
      /5 spaces \(more available\)[\s\S]*\| organization \(id\) \|[\s\S]*Acme ML \(T3JnYW5pemF0aW9uOjE=\)[\s\S]*More results: call list_spaces with \{"limit":5,"cursor":/,
    ],
    ["list spaces, next page", /5 spaces \(more available\)[\s\S]*hr-analytics/],
    ["create a space", /Created in the organization "Acme ML"[\s\S]*Space "demo-payments-risk"/],
    [
      "the same name in two organizations: told apart",
      /fraud-models \| U3BhY2U6MQ== \| Acme ML [\s\S]*fraud-models \| U3BhY2U6OA== \| Acme Research /,
    ],
    ["find a user by part of the name", /1 user:[\s\S]*carol\.nguyen@acme\.example \| VXNlcjoz/],
    ["add her as read-only", /now has role READ_ONLY in space "demo-payments-risk"/],
    ["change her role to member", /now has role MEMBER in space "demo-payments-risk"/],
    [
      "add someone from another organization: refused, naming who must act",
      /\[error\] Not added: "Bob Martinez"[\s\S]*not a member of the organization "Globex"[\s\S]*an organization admin of "Globex"/,
    ],
    ["rename the space", /Updated: name "demo-payments-risk" -> "payments-risk"\./],
    ["remove the user", /Removed user "Carol Nguyen"/],
    [
      "dry-run deleting a busy space: what it holds",
      /Dry run: nothing was deleted\.[\s\S]*organization: "Acme ML"[\s\S]*It holds 1 project, 500\+ datasets, 130 experiments/,
    ],
    ["dry-run the delete", /Dry run: nothing was deleted\.[\s\S]*"confirm":"payments-risk"/],
    ["delete without the exact name: refused", /\[error\] Not deleted\. confirm must equal/],
    ["delete with confirmation", /Deleted space "payments-risk"/],
    ["look for the deleted space: not found", /\[error\] No space named "payments-risk"\. Call list_spaces/],
  ];
  expect(steps).toHaveLength(expected.length);
  expected.forEach(([title, body], i) => {
    expect(steps[i]).toContain(`Step ${i + 1}: ${title}`);
    expect(steps[i]).toMatch(body);
  });
});
