import { z } from "zod";
import { membershipSchema } from "../arize/schemas.js";
import { InputError } from "../errors.js";
import { formatMembership } from "../format.js";
import { defineTool } from "./define.js";
import { role, space, text, toWireRole, user } from "./params.js";

export default defineTool({
  name: "add_space_user",
  title: "Add a user to a space",
  description:
    "Give a user a role in a space, or change it. The user must belong to the space's organization.",
  inputSchema: z
    .object({
      space,
      user,
      role: role.optional(),
      customRoleId: text(1000).optional().describe("Custom RBAC role ID, instead of role"),
    })
    .strict(),
  outputSchema: z.object({ membership: membershipSchema }),
  changes: "resolved space",
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  handler: async (args, { client, resolve }) => {
    if ((args.role === undefined) === (args.customRoleId === undefined)) {
      throw new InputError("Pass exactly one of role (admin, member, read_only, annotator) or customRoleId.");
    }
    const wireRole = args.customRoleId
      ? ({ type: "CUSTOM", id: args.customRoleId } as const)
      : toWireRole(args.role as NonNullable<typeof args.role>);
    const target = await resolve.space(args.space);
    const member = await resolve.user(args.user);
    const membership = await client.addSpaceUser(target.id, member.id, wireRole);
    return { membership, space: target, user: member };
  },
  format: formatMembership,
});
