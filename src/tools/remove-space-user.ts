import { z } from "zod";
import { formatRemoval } from "../format.js";
import { defineTool } from "./define.js";
import { space, user } from "./params.js";

export default defineTool({
  name: "remove_space_user",
  title: "Remove a user from a space",
  description: "Remove a user's access to a space. Their account and other spaces are not affected.",
  inputSchema: z.object({ space, user }).strict(),
  outputSchema: z.object({ removed: z.boolean(), spaceId: z.string(), userId: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  handler: async (args, { client, resolve }) => {
    const target = await resolve.space(args.space);
    const member = await resolve.user(args.user);
    const removed = await client.removeSpaceUser(target.id, member.id);
    return { removed, space: target, user: member };
  },
  format: formatRemoval,
});
