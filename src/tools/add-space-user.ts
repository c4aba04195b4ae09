import { z } from "zod";
import { assertAnnotatorRule } from "../arize/annotator-rule.js";
import { membershipSchema } from "../arize/schemas.js";
import { InputError } from "../errors.js";
import { formatMembership } from "../format.js";
import { defineTool } from "./define.js";
import { organization, role, space, text, toWireRole, user } from "./params.js";

export default defineTool({
  name: "add_space_user",
  title: "Add a user to a space",
  description:
    "Set a user's role in a space. They must be in its organization; annotator accounts take only annotator, and only they can.",
  inputSchema: z
    .object({
      space,
      organization: organization.optional(),
      user,
      role: role.optional().describe("Or customRoleId"),
      customRoleId: text(1000).optional().describe("Instead of role"),
    })
    .strict(),
  outputSchema: z.object({ membership: membershipSchema }),
  changes: "resolved space",
  access: { needs: "space admin on that space (ROLE_BINDING_CREATE for a custom role)" },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  handler: async (args, { client, resolve }) => {
    if ((args.role === undefined) === (args.customRoleId === undefined)) {
      throw new InputError("Pass exactly one of role (admin, member, read_only, annotator) or customRoleId.");
    }
    const wireRole = args.customRoleId
      ? ({ type: "CUSTOM", id: args.customRoleId } as const)
      : toWireRole(args.role as NonNullable<typeof args.role>);
    const target = await resolve.space(args.space, args.organization);
    const member = await resolve.user(args.user);
    assertAnnotatorRule(member, wireRole, target);
    const membership = await client.addSpaceUser(target, member, wireRole);
    return { membership, space: target, user: member };
  },
  format: formatMembership,
});
