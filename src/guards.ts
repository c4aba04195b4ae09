import type { Space } from "./arize/schemas.js";
import { quoted } from "./untrusted.js";

/** A guard refused the call before anything was sent. The message names the rule. */
export class GuardError extends Error {
  override readonly name = "GuardError";
}

/** `prod*`, `finance-?`: `*` is any run of characters, `?` one character; case-insensitive, whole name. */
function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "is");
}

export type ProtectedAction = "deleted" | "renamed" | "made private" | "lose users";

/** Spaces whose names match a --protect pattern cannot be deleted, renamed, made private or lose users. */
export class SpaceProtection {
  private readonly rules: Array<{ pattern: string; regexp: RegExp }>;

  constructor(patterns: readonly string[]) {
    this.rules = patterns.map((pattern) => ({ pattern, regexp: globToRegExp(pattern) }));
  }

  /** The rule protecting this space, if any. Checked on the resolved space, so an ID cannot get around it. */
  ruleFor(space: Space): string | undefined {
    return this.rules.find((r) => r.regexp.test(space.name))?.pattern;
  }

  assertAllowed(space: Space, action: ProtectedAction): void {
    const rule = this.ruleFor(space);
    if (rule === undefined) return;
    const what = action === "lose users" ? "its users cannot be removed" : `it cannot be ${action}`;
    throw new GuardError(
      `Refused: space ${quoted(space.name)} (id ${space.id}) in the organization ${quoted(space.organization.name)} is protected by the rule ${quoted(rule)} (--protect / ARIZE_MCP_PROTECT), so ${what}. No argument can change that: only whoever runs this server can, by changing its protect setting. Nothing was changed.`,
    );
  }
}
