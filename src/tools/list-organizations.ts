import { z } from "zod";
import { organizationSchema, paginationSchema } from "../arize/schemas.js";
import { formatOrganizationList } from "../format.js";
import { defineTool } from "./define.js";
import { cursor, DEFAULT_LIMIT, limit, text } from "./params.js";

export default defineTool({
  name: "list_organizations",
  title: "List organizations",
  description: "Organizations this key can see.",
  inputSchema: z
    .object({
      name: text(255).optional().describe("Part of the name"),
      limit,
      cursor,
    })
    .strict(),
  outputSchema: z.object({ organizations: z.array(organizationSchema), pagination: paginationSchema }),
  changes: "nothing",
  access: {
    needs: "any valid key: it lists the organizations the key's user can see",
    refused: "read access to that resource",
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  handler: async (args, { client }) => {
    const page = await client.listOrganizations({
      name: args.name,
      limit: args.limit ?? DEFAULT_LIMIT,
      cursor: args.cursor,
    });
    return { organizations: page.items, pagination: page.pagination };
  },
  format: formatOrganizationList,
});
