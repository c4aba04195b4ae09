import { z } from "zod";
import { spaceContentsSchema, spaceSchema } from "../arize/schemas.js";
import { countSpaceContents } from "../arize/space-contents.js";
import { InputError } from "../errors.js";
import { contentsSentence, formatDeletedSpace } from "../format.js";
import { exactJson, quoted } from "../untrusted.js";
import { defineTool } from "./define.js";
import { organization, space, text } from "./params.js";

export default defineTool({
  name: "delete_space",
  title: "Delete a space",
  description: "Permanently delete a space and all it holds. confirm: its exact name, once the user agreed.",
  inputSchema: z
    .object({
      space,
      organization: organization.optional(),
      confirm: text(1000).optional().describe("The space's exact name"),
      dryRun: z.boolean().optional().describe("Delete nothing; show what it holds"),
    })
    .strict(),
  outputSchema: z.object({ deleted: z.boolean(), space: spaceSchema, contents: spaceContentsSchema }),
  changes: "resolved space",
  access: { needs: "space admin (or SPACE_DELETE) on that space" },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (args, { client, resolve, confirm }) => {
    const target = await resolve.space(args.space, args.organization);
    if (!args.dryRun && args.confirm !== target.name) {
      throw new InputError(
        `Not deleted. confirm must equal the space's exact current name; ${
          args.confirm === undefined ? "it was not given" : "it does not"
        }. Show the user what it holds (dryRun: true), ask them to confirm deleting it, then call delete_space with ${exactJson({ space: target.id, confirm: target.name })}`,
      );
    }
    const contents = await countSpaceContents(client, target.id);
    if (args.dryRun) return { deleted: false, space: target, contents };
    await confirm({
      message: `Permanently delete the space ${quoted(target.name)} (id ${target.id}) in the organization ${quoted(target.organization.name)} and everything in it? ${contentsSentence(contents)} This cannot be undone.`,
      agree: "Delete this space",
    });
    await client.deleteSpace(target);
    resolve.forgetSpace(target.id);
    return { deleted: true, space: target, contents };
  },
  format: formatDeletedSpace,
});
