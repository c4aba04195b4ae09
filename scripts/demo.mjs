// npm run demo: what an agent does with this server, on the embedded sandbox (no account, no network).
// Prints each tool call and the exact text the model reads.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const cli = new URL("../dist/cli.js", import.meta.url).pathname;
const client = new Client({ name: "arize-ax-spaces-mcp-demo", version: "1.0.0" });
await client.connect(
  new StdioClientTransport({ command: process.execPath, args: [cli, "--sandbox"], stderr: "ignore" }),
);

let step = 0;
async function call(title, name, args) {
  step++;
  console.log(`\n=== Step ${step}: ${title}`);
  console.log(`> ${name} ${JSON.stringify(args)}`);
  const result = await client.callTool({ name, arguments: args });
  const text = result.content.map((c) => c.text).join("\n");
  console.log((result.isError ? "[error] " : "") + text.replace(/^/gm, "  ").trimStart());
  return result;
}

console.log("arize-ax-spaces-mcp demo on the embedded sandbox (made-up data; nothing reaches Arize).");
const { tools } = await client.listTools();
console.log(`The server offers ${tools.length} tools: ${tools.map((t) => t.name).join(", ")}`);

await call("see the organizations", "list_organizations", {});
const first = await call("list spaces, first page", "list_spaces", { limit: 5 });
const cursor = first.structuredContent.pagination.nextCursor;
await call("list spaces, next page (the call the model was told to make)", "list_spaces", {
  limit: 5,
  cursor,
});
const created = await call("create a space", "create_space", {
  name: "demo-payments-risk",
  organization: "Acme ML",
  description: "Created by npm run demo",
});
const spaceId = created.structuredContent.id;
await call("the same name in two organizations: told apart", "list_spaces", { name: "fraud-models" });
await call("find a user by part of the name", "list_users", { name: "carol" });
await call("add her as read-only", "add_space_user", {
  space: "demo-payments-risk",
  user: "carol.nguyen@acme.example",
  role: "read-only",
});
await call("change her role to member", "add_space_user", {
  space: spaceId,
  user: "carol.nguyen@acme.example",
  role: "member",
});
await call("add someone from another organization: refused, naming who must act", "add_space_user", {
  space: "pricing",
  user: "bob.martinez@acme.example",
  role: "member",
});
await call("rename the space", "update_space", { space: spaceId, name: "payments-risk" });
await call("remove the user", "remove_space_user", {
  space: "payments-risk",
  user: "carol.nguyen@acme.example",
});
await call("dry-run deleting a busy space: what it holds", "delete_space", {
  space: "search-ranking",
  dryRun: true,
});
await call("dry-run the delete", "delete_space", { space: "payments-risk", dryRun: true });
await call("delete without the exact name: refused", "delete_space", { space: spaceId, confirm: "payments" });
await call("delete with confirmation", "delete_space", { space: spaceId, confirm: "payments-risk" });
await call("look for the deleted space: not found", "get_space", { space: "payments-risk" });

await client.close();
console.log("\nDone. Try it in a real client: see the README (Claude Desktop, Claude Code) with --sandbox.");
