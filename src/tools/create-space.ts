import { z } from "zod";
import { spaceSchema } from "../arize/schemas.js";
import { formatCreatedSpace } from "../format.js";
import { defineTool } from "./define.js";
import { description, organization, spaceName } from "./params.js";

export default defineTool({
  name: "create_space",
  title: "Create a space",
  description:
    "Create a space. Names are unique within an organization. organization may be omitted only when the key sees exactly one.",
  inputSchema: z
    .object({
      name: spaceName.describe("New space name (max 255)"),
      organization: organization.optional(),
      description: description.optional(),
      isPrivate: z.boolean().optional().describe("Visible only to members and admins (default false)"),
      ifExists: z
        .enum(["error", "return"])
        .optional()
        .describe(
          'If the name is taken in that organization: "error" (default) or "return" the existing space',
        ),
    })
    .strict(),
  outputSchema: spaceSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  handler: async (args, { client, resolve }) => {
    const org = args.organization
      ? await resolve.organization(args.organization)
      : await resolve.onlyOrganization();
    if (args.ifExists === "return") {
      const existing = await resolve.existingSpace(args.name, org.id);
      if (existing) return { space: existing, organization: org, created: false };
    }
    const space = await client.createSpace({
      name: args.name,
      organizationId: org.id,
      description: args.description,
      isPrivate: args.isPrivate,
    });
    return { space, organization: org, created: true };
  },
  format: formatCreatedSpace,
});
