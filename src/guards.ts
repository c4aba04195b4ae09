import type { Space } from "./arize/schemas.js";
import { UserFacingError } from "./errors.js";
import { cleanText, nameForms, quoted } from "./untrusted.js";

/** A guard refused the call before anything was sent. The message names the rule. */
export class GuardError extends UserFacingError {
  override readonly name = "GuardError";
}

/** `prod*`, `finance-?`: `*` is any run of characters, `?` one character; case-insensitive, whole name. */
function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "isu");
}

/** What the server may not do to a protected space, as the refusal and the instructions say it. */
export const PROTECTED_MEANS =
  "no delete, rename, visibility or description change, and no change to who is in it or their roles";

/**
 * Spaces whose names match a --protect pattern cannot be changed through this server at all. The server
 * applies this to every space a tool resolves when the tool declares that it changes that space.
 */
export class SpaceProtection {
  private readonly rules: Array<{ pattern: string; regexp: RegExp }>;

  constructor(patterns: readonly string[]) {
    this.rules = patterns.map((pattern) => ({ pattern, regexp: globToRegExp(pattern) }));
  }

  /**
   * The rule protecting this space, if any. Checked on the resolved space, so an ID cannot get around it,
   * and against the name as stored, as shown to the model, and with invisible characters dropped, so
   * that a name that looks protected is protected.
   */
  ruleFor(space: Space): string | undefined {
    const forms = nameForms(space.name);
    return this.rules.find((r) => forms.some((name) => r.regexp.test(name)))?.pattern;
  }

  /** Throws GuardError when the space is protected. */
  assertUnchanged(space: Space): void {
    const rule = this.ruleFor(space);
    if (rule === undefined) return;
    throw new GuardError(
      `Refused: space ${quoted(space.name)} (id ${cleanText(space.id)}) in the organization ${quoted(space.organization.name)} is protected by the rule ${quoted(rule)} (--protect / ARIZE_MCP_PROTECT), so this server cannot change it: ${PROTECTED_MEANS}. No argument can change that: only whoever runs this server can, by changing its protect setting. Nothing was changed.`,
    );
  }
}
