import { z } from "zod";
import { formatRemoval } from "../format.js";
import { cleanText, quoted } from "../untrusted.js";
import { defineTool } from "./define.js";
import { space, user } from "./params.js";

export default defineTool({
  name: "remove_space_user",
  title: "Remove a user from a space",
  description: "Remove a user from a space. Their account and other spaces are untouched.",
  inputSchema: z.object({ space, user }).strict(),
  outputSchema: z.object({ removed: z.boolean(), spaceId: z.string(), userId: z.string() }),
  changes: "resolved space",
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (args, { client, resolve, confirm }) => {
    const target = await resolve.space(args.space);
    const member = await resolve.user(args.user);
    await confirm({
      message: `Remove ${quoted(member.name)} <${cleanText(member.email)}> (id ${member.id}) from the space ${quoted(target.name)} (id ${target.id})? They lose access to it.`,
      agree: "Remove this user",
    });
    const removed = await client.removeSpaceUser(target.id, member.id);
    return { removed, space: target, user: member };
  },
  format: formatRemoval,
});
