import { z } from "zod";
import { spaceSchema } from "../arize/schemas.js";
import { InputError } from "../errors.js";
import { formatUpdatedSpace } from "../format.js";
import { defineTool } from "./define.js";
import { description, organization, space, spaceName } from "./params.js";

export default defineTool({
  name: "update_space",
  title: "Update a space",
  description: "Change a space's name, description or visibility.",
  inputSchema: z
    .object({
      space,
      organization: organization.optional(),
      name: spaceName.optional().describe("New name"),
      description: description.nullable().optional().describe("null or empty clears it"),
      isPrivate: z.boolean().optional().describe("Members and admins only"),
    })
    .strict(),
  outputSchema: spaceSchema,
  changes: "resolved space",
  access: { needs: "space admin (or SPACE_UPDATE) on that space" },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  handler: async (args, { client, resolve }) => {
    if (args.name === undefined && args.description === undefined && args.isPrivate === undefined) {
      throw new InputError("Nothing to change: pass at least one of name, description or isPrivate.");
    }
    const before = await resolve.space(args.space, args.organization);
    const after = await client.updateSpace(before, {
      name: args.name,
      description: args.description === "" ? null : args.description,
      isPrivate: args.isPrivate,
    });
    if (after.name !== before.name) resolve.forgetSpace(before.id);
    return { before, after: resolve.inPlace(after, before.organization) };
  },
  format: formatUpdatedSpace,
});
