import { z } from "zod";
import { spaceContentsSchema, spaceSchema } from "../arize/schemas.js";
import { countSpaceContents } from "../arize/space-contents.js";
import { formatSpace } from "../format.js";
import { defineTool } from "./define.js";
import { organization, space } from "./params.js";

export default defineTool({
  name: "get_space",
  title: "Get a space",
  description: "One space, with its organization.",
  inputSchema: z
    .object({
      space,
      organization: organization.optional(),
      contents: z.boolean().optional().describe("Also count what it holds"),
    })
    .strict(),
  outputSchema: spaceSchema.extend({ contents: spaceContentsSchema.optional() }),
  changes: "nothing",
  access: {
    needs:
      "read access to that space: a public space of the user's organization, or membership of a private one",
    refused: "read access to that resource",
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  handler: async (args, { client, resolve }) => {
    const target = await resolve.space(args.space, args.organization);
    return {
      space: target,
      contents: args.contents ? await countSpaceContents(client, target.id) : undefined,
    };
  },
  format: formatSpace,
});
