import { z } from "zod";
import { spaceSchema } from "../arize/schemas.js";
import { formatCreatedSpace } from "../format.js";
import { defineTool } from "./define.js";
import { description, organization, spaceName } from "./params.js";

export default defineTool({
  name: "create_space",
  title: "Create a space",
  description: "Create a space. organization is needed unless the key sees only one.",
  inputSchema: z
    .object({
      name: spaceName.describe("Unique in its organization"),
      organization: organization.optional(),
      description: description.optional().describe("Max 1000 chars"),
      isPrivate: z.boolean().optional().describe("Members and admins only"),
      ifExists: z.enum(["error", "return"]).optional().describe('If the name is taken; default "error"'),
    })
    .strict(),
  outputSchema: spaceSchema,
  changes: "new space",
  access: { needs: "organization admin (or the SPACE_CREATE permission) in that organization" },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  handler: async (args, { client, resolve }) => {
    const org = args.organization
      ? await resolve.organization(args.organization)
      : await resolve.onlyOrganization();
    if (args.ifExists === "return") {
      const existing = await resolve.existingSpace(args.name, org);
      if (existing) return { space: existing, created: false };
    }
    const created = await client.createSpace({
      name: args.name,
      organization: org,
      description: args.description,
      isPrivate: args.isPrivate,
    });
    return { space: resolve.created(created, org), created: true };
  },
  format: formatCreatedSpace,
});
