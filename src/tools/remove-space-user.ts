import { z } from "zod";
import { formatRemoval } from "../format.js";
import { cleanText, quoted } from "../untrusted.js";
import { defineTool } from "./define.js";
import { organization, space, user } from "./params.js";

export default defineTool({
  name: "remove_space_user",
  title: "Remove a user from a space",
  description: "Remove a user from a space; their account and other spaces stay.",
  inputSchema: z.object({ space, organization: organization.optional(), user }).strict(),
  outputSchema: z.object({ removed: z.boolean(), spaceId: z.string(), userId: z.string() }),
  changes: "resolved space",
  access: { needs: "space admin on that space (or ROLE_BINDING_DELETE)" },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (args, { client, resolve, confirm }) => {
    const target = await resolve.space(args.space, args.organization);
    const member = await resolve.user(args.user);
    await confirm({
      message: `Remove ${quoted(member.name)} <${cleanText(member.email)}> (id ${member.id}) from the space ${quoted(target.name)} (id ${target.id}) in the organization ${quoted(target.organization.name)}? They lose access to it.`,
      agree: "Remove this user",
    });
    const removed = await client.removeSpaceUser(target, member.id);
    return { removed, space: target, user: member };
  },
  format: formatRemoval,
});
