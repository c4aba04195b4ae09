import { z } from "zod";
import { paginationSchema, spaceSchema } from "../arize/schemas.js";
import { listSpacePage } from "../arize/space-pages.js";
import { formatSpaceList } from "../format.js";
import { defineTool } from "./define.js";
import { cursor, DEFAULT_LIMIT, limit, organization, text } from "./params.js";

export default defineTool({
  name: "list_spaces",
  title: "List spaces",
  description: "Spaces this key can see, with their organizations.",
  inputSchema: z
    .object({
      organization: organization.optional(),
      name: text(255).optional().describe("Part of the name"),
      limit,
      cursor,
    })
    .strict(),
  outputSchema: z.object({ spaces: z.array(spaceSchema), pagination: paginationSchema }),
  changes: "nothing",
  access: {
    needs:
      "any valid key: it lists the spaces the key's user can see (private spaces only to members and admins)",
    refused: "read access to that resource",
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  handler: async (args, { client, resolve }) =>
    listSpacePage({
      client,
      directory: resolve.organizations,
      organization: args.organization ? await resolve.organization(args.organization) : undefined,
      name: args.name,
      limit: args.limit ?? DEFAULT_LIMIT,
      cursor: args.cursor,
    }),
  format: formatSpaceList,
});
