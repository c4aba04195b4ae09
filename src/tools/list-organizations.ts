import { z } from "zod";
import { organizationSchema, paginationSchema } from "../arize/schemas.js";
import { formatOrganizationList } from "../format.js";
import { defineTool } from "./define.js";
import { cursor, DEFAULT_LIMIT, limit } from "./params.js";

export default defineTool({
  name: "list_organizations",
  title: "List organizations",
  description: "List the organizations this API key can see, with their IDs. Spaces belong to organizations.",
  inputSchema: z
    .object({
      name: z.string().min(1).max(255).optional().describe("Part of the name, any case"),
      limit,
      cursor,
    })
    .strict(),
  outputSchema: z.object({ organizations: z.array(organizationSchema), pagination: paginationSchema }),
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
