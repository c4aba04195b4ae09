import { z } from "zod";
import { paginationSchema, userSchema } from "../arize/schemas.js";
import { searchUsersByName } from "../arize/user-search.js";
import { formatUserList } from "../format.js";
import { defineTool } from "./define.js";
import { cursor, DEFAULT_LIMIT, limit, text } from "./params.js";

export default defineTool({
  name: "list_users",
  title: "List users",
  description: "People in the account, by email or name. Space members cannot be listed (no API for it).",
  inputSchema: z
    .object({
      email: text(255).optional().describe("Part of the email"),
      name: text(255).optional().describe("Part of the name"),
      limit,
      cursor,
    })
    .strict(),
  outputSchema: z.object({ users: z.array(userSchema), pagination: paginationSchema }),
  changes: "nothing",
  access: { needs: "account admin or member (or USER_READ)", grantedBy: "an account admin" },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  handler: async (args, { client }) => {
    const limit = args.limit ?? DEFAULT_LIMIT;
    if (args.name !== undefined) {
      return searchUsersByName(client, { name: args.name, email: args.email, limit, cursor: args.cursor });
    }
    const page = await client.listUsers({ email: args.email, limit, cursor: args.cursor });
    return { users: page.items, pagination: page.pagination };
  },
  format: formatUserList,
});
