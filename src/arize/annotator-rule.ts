import { AnnotatorRuleError } from "../errors.js";
import type { Space, User, WireRoleRequest } from "./schemas.js";

/**
 * Arize's rule, checked from the user record before anything is sent: an annotator account can only have
 * the space role ANNOTATOR, and only annotator accounts can have it.
 */
export function assertAnnotatorRule(user: User, role: WireRoleRequest, space: Space): void {
  const annotatorAccount = user.role === "ANNOTATOR";
  const annotatorRole = role.type === "PREDEFINED" && role.name === "ANNOTATOR";
  if (annotatorAccount === annotatorRole) return;
  const requested = role.type === "PREDEFINED" ? role.name : `the custom role ${role.id}`;
  throw new AnnotatorRuleError({ ...user, accountRole: user.role }, space, requested);
}
