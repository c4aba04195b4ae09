import { z } from "zod";
import { spaceSchema } from "../arize/schemas.js";
import { InputError } from "../errors.js";
import { formatDeletedSpace } from "../format.js";
import { exactJson, quoted } from "../untrusted.js";
import { defineTool } from "./define.js";
import { organization, space, text } from "./params.js";

export default defineTool({
  name: "delete_space",
  title: "Delete a space",
  description:
    "Permanently delete a space and all it holds (models, monitors, dashboards, datasets). Needs confirm equal to its exact name, given only after the user agreed. dryRun shows what would go.",
  inputSchema: z
    .object({
      space,
      organization: organization.optional(),
      confirm: text(1000).optional().describe("Exact space name, once the user agreed"),
      dryRun: z.boolean().optional().describe("Delete nothing; show the space"),
    })
    .strict(),
  outputSchema: z.object({ deleted: z.boolean(), space: spaceSchema }),
  changes: "resolved space",
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (args, { client, resolve, confirm }) => {
    const target = await resolve.space(args.space, args.organization);
    if (args.dryRun) return { deleted: false, space: target };
    if (args.confirm !== target.name) {
      throw new InputError(
        `Not deleted. confirm must equal the space's exact current name; ${
          args.confirm === undefined ? "it was not given" : "it does not"
        }. Ask the user to confirm deleting it, then call delete_space with ${exactJson({ space: target.id, confirm: target.name })}`,
      );
    }
    await confirm({
      message: `Permanently delete the space ${quoted(target.name)} (id ${target.id}) and everything in it (models, monitors, dashboards, datasets)? This cannot be undone.`,
      agree: "Delete this space",
    });
    await client.deleteSpace(target.id);
    resolve.forgetSpace(target.id);
    return { deleted: true, space: target };
  },
  format: formatDeletedSpace,
});
