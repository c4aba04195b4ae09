import { ArizeApiError, InputError } from "../errors.js";
import { quoted } from "../untrusted.js";
import type { ArizeClient } from "./client.js";
import type { Organization, Space, User } from "./schemas.js";

/** How long a resolved name stays cached. Short: another client may rename or delete meanwhile. */
const CACHE_TTL_MS = 30_000;
/** Pages of partial name matches read before giving up on a name (100 per page). */
const MAX_NAME_PAGES = 5;
const PAGE = 100;
const CANDIDATES_SHOWN = 10;

/** A base64 global ID decodes to "Type:..." (Space:12345). Real names can look like that too. */
export function looksLikeId(value: string): boolean {
  if (!/^[A-Za-z0-9+/]{4,}={0,2}$/.test(value) || value.length % 4 === 1) return false;
  return Buffer.from(value, "base64").toString("latin1").includes(":");
}

function isMissing(err: unknown): boolean {
  return err instanceof ArizeApiError && (err.status === 404 || err.status === 400);
}

/** Picks the exact match, else the only case-insensitive match, from a name filter's results. */
function pickByName<T extends { id: string; name: string }>(items: T[], name: string): T[] {
  const exact = items.filter((i) => i.name === name);
  if (exact.length > 0) return exact;
  return items.filter((i) => i.name.toLowerCase() === name.toLowerCase());
}

interface Cached {
  id: string;
  at: number;
}

export type Resolved =
  | { kind: "space"; value: Space }
  | { kind: "organization"; value: Organization }
  | { kind: "user"; value: User };

/** Turns names, emails and IDs given by a person into API IDs, with a short cache of name lookups. */
export class Resolver {
  constructor(
    private readonly client: ArizeClient,
    private readonly now: () => number = Date.now,
    private readonly spaceIds = new Map<string, Cached>(),
    private readonly orgIds = new Map<string, Cached>(),
    private readonly onResolved: (r: Resolved) => void = () => {},
  ) {}

  /** The same resolver (and cache), telling `onResolved` about everything it resolves (for the audit log). */
  observe(onResolved: (r: Resolved) => void): Resolver {
    return new Resolver(this.client, this.now, this.spaceIds, this.orgIds, onResolved);
  }

  private found<T extends Resolved>(r: T): T["value"] {
    this.onResolved(r);
    return r.value;
  }

  /** The current space, read fresh (an ID costs one GET; a name, one filtered list). */
  async space(value: string, organization?: string): Promise<Space> {
    const cached = this.cached(this.spaceIds, spaceKey(value, organization));
    if (cached) {
      try {
        return this.found({ kind: "space", value: await this.client.getSpace(cached) });
      } catch (err) {
        if (!isMissing(err)) throw err;
        this.spaceIds.delete(spaceKey(value, organization));
      }
    }
    if (looksLikeId(value)) {
      try {
        return this.found({ kind: "space", value: await this.client.getSpace(value) });
      } catch (err) {
        if (!isMissing(err)) throw err;
      }
    }
    const space = await this.spaceByName(value, organization);
    this.spaceIds.set(spaceKey(value, organization), { id: space.id, at: this.now() });
    return this.found({ kind: "space", value: space });
  }

  /** A space ID, from the cache when the name was resolved moments ago. */
  async spaceId(value: string, organization?: string): Promise<string> {
    return (
      this.cached(this.spaceIds, spaceKey(value, organization)) ?? (await this.space(value, organization)).id
    );
  }

  /** Drops cached names of a space that was renamed or deleted. */
  forgetSpace(spaceId: string): void {
    for (const [key, entry] of this.spaceIds) if (entry.id === spaceId) this.spaceIds.delete(key);
  }

  async organization(value: string): Promise<Organization> {
    const cachedId = this.cached(this.orgIds, value);
    if (looksLikeId(value) || cachedId) {
      try {
        return this.found({
          kind: "organization",
          value: await this.client.getOrganization(cachedId ?? value),
        });
      } catch (err) {
        if (!isMissing(err)) throw err;
      }
    }
    const page = await this.client.listOrganizations({ name: value, limit: PAGE });
    const matches = pickByName(page.items, value);
    if (matches.length === 0) {
      throw new InputError(
        `No organization named ${quoted(value)}. Call list_organizations to see the organizations and their IDs.`,
      );
    }
    if (matches.length > 1) {
      const list = matches.map((o) => `${quoted(o.name)} (id ${o.id})`).join(", ");
      throw new InputError(
        `Several organizations are named ${quoted(value)}: ${list}. Pass the organization ID.`,
      );
    }
    const org = matches[0] as Organization;
    this.orgIds.set(value, { id: org.id, at: this.now() });
    return this.found({ kind: "organization", value: org });
  }

  /** The organization to create in when none was named: only possible when the key sees exactly one. */
  async onlyOrganization(): Promise<Organization> {
    const page = await this.client.listOrganizations({ limit: CANDIDATES_SHOWN });
    if (page.items.length === 1)
      return this.found({ kind: "organization", value: page.items[0] as Organization });
    if (page.items.length === 0) {
      throw new InputError("This API key sees no organization, so no space can be created with it.");
    }
    const list = page.items.map((o) => `${quoted(o.name)} (id ${o.id})`).join(", ");
    const more = page.pagination.hasMore ? ", and more (call list_organizations)" : "";
    throw new InputError(`Pass organization: this key sees several organizations: ${list}${more}.`);
  }

  /** A user by ID or email address. */
  async user(value: string): Promise<User> {
    return this.found({ kind: "user", value: await this.findUser(value) });
  }

  private async findUser(value: string): Promise<User> {
    if (value.includes("@")) return this.userByEmail(value);
    if (!looksLikeId(value)) {
      throw new InputError(
        `user must be a user ID or an email address, not ${quoted(value)}. Call list_users to find either.`,
      );
    }
    try {
      return await this.client.getUser(value);
    } catch (err) {
      if (isMissing(err))
        throw new InputError(`No user with ID ${quoted(value)}. Call list_users to find the user.`);
      throw err;
    }
  }

  private async userByEmail(email: string): Promise<User> {
    const page = await this.client.listUsers({ email, limit: PAGE });
    const matches = page.items.filter((u) => u.email.toLowerCase() === email.toLowerCase());
    if (matches.length === 1) return matches[0] as User;
    if (matches.length > 1) {
      const list = matches.map((u) => `${u.email} (id ${u.id})`).join(", ");
      throw new InputError(`Several users have the email ${quoted(email)}: ${list}. Pass the user ID.`);
    }
    const near = page.items.slice(0, CANDIDATES_SHOWN).map((u) => u.email);
    const hint = near.length ? ` Similar: ${near.join(", ")}.` : "";
    throw new InputError(
      `No user with email ${quoted(email)}.${hint} Call list_users to search by part of an email.`,
    );
  }

  /** The space with exactly this name in the organization, if there is one (create_space ifExists). */
  async existingSpace(name: string, organizationId: string): Promise<Space | undefined> {
    const { seen } = await this.spacesNamedLike(name, organizationId);
    const space = seen.find((s) => s.name === name);
    return space && this.found({ kind: "space", value: space });
  }

  /** Spaces whose names contain `name` (the API's filter): one request, more pages only for many matches. */
  private async spacesNamedLike(name: string, organizationId: string | undefined) {
    const seen: Space[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_NAME_PAGES; page++) {
      const result = await this.client.listSpaces({ name, organizationId, limit: PAGE, cursor });
      seen.push(...result.items);
      cursor = result.pagination.hasMore ? result.pagination.nextCursor : undefined;
      if (!cursor) break;
    }
    return { seen, truncated: cursor !== undefined };
  }

  private async spaceByName(name: string, organization?: string): Promise<Space> {
    const organizationId = organization ? (await this.organization(organization)).id : undefined;
    const { seen, truncated } = await this.spacesNamedLike(name, organizationId);
    const matches = pickByName(seen, name);
    const where = organization ? ` in organization ${quoted(organization)}` : "";
    if (matches.length === 1) return matches[0] as Space;
    if (matches.length > 1) {
      const list = matches
        .slice(0, CANDIDATES_SHOWN)
        .map((s) => `${s.id} (created ${s.createdAt}${s.description ? `, ${quoted(s.description)}` : ""})`)
        .join("; ");
      throw new InputError(
        `${matches.length} spaces are named ${quoted(name)}${where}: ${list}. Pass the space ID, or organization to narrow.`,
      );
    }
    if (truncated) {
      throw new InputError(
        `More than ${seen.length} spaces contain ${quoted(name)}${where} and none is named exactly that. Pass the space ID.`,
      );
    }
    const near = seen.slice(0, 5).map((s) => quoted(s.name));
    const hint = near.length ? ` Names containing it: ${near.join(", ")}.` : "";
    throw new InputError(
      `No space named ${quoted(name)}${where}.${hint} Call list_spaces to see spaces and IDs.`,
    );
  }

  private cached(map: Map<string, Cached>, key: string): string | undefined {
    const entry = map.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.at > CACHE_TTL_MS) {
      map.delete(key);
      return undefined;
    }
    return entry.id;
  }
}

function spaceKey(value: string, organization: string | undefined): string {
  return `${organization ?? ""}\u0000${value}`;
}
