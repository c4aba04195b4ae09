import { ArizeApiError, InputError } from "../errors.js";
import { cleanText, quoted } from "../untrusted.js";
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

/** Names resolved moments ago, shareable by the servers of one process that use the same API key. */
export class NameCache {
  readonly spaceIds = new Map<string, Cached>();
  readonly orgIds = new Map<string, Cached>();
}

/** Turns names, emails and IDs given by a person into API IDs, with a short cache of name lookups. */
export class Resolver {
  private readonly spaceIds: Map<string, Cached>;
  private readonly orgIds: Map<string, Cached>;

  constructor(
    private readonly client: ArizeClient,
    private readonly now: () => number = Date.now,
    readonly cache = new NameCache(),
    private readonly onResolved: (r: Resolved) => void = () => {},
    private readonly checkSpace: (space: Space) => void = () => {},
  ) {
    this.spaceIds = cache.spaceIds;
    this.orgIds = cache.orgIds;
  }

  /** The same resolver (and cache), telling `onResolved` about everything it resolves (for the audit log). */
  observe(onResolved: (r: Resolved) => void): Resolver {
    return new Resolver(this.client, this.now, this.cache, onResolved, this.checkSpace);
  }

  /**
   * The same resolver, passing every space it resolves to `check` before handing it out; `check` throws
   * to refuse it. Spaces found by existingSpace() are not checked: that lookup changes nothing.
   */
  guard(check: (space: Space) => void): Resolver {
    return new Resolver(this.client, this.now, this.cache, this.onResolved, check);
  }

  private found<T extends Resolved>(r: T): T["value"] {
    this.onResolved(r);
    if (r.kind === "space") this.checkSpace(r.value);
    return r.value;
  }

  /** The current space, read fresh (an ID costs one GET; a name, one filtered list or a cached ID's GET). */
  async space(value: string, organization?: string): Promise<Space> {
    const key = spaceKey(value, organization);
    const cached = await this.stillNamed(this.spaceIds, key, value, (id) => this.client.getSpace(id));
    if (cached) return this.found({ kind: "space", value: cached });
    if (looksLikeId(value)) {
      try {
        return this.found({ kind: "space", value: await this.client.getSpace(value) });
      } catch (err) {
        if (!isMissing(err)) throw err;
      }
    }
    const space = await this.spaceByName(value, organization);
    this.spaceIds.set(key, { id: space.id, at: this.now() });
    return this.found({ kind: "space", value: space });
  }

  /**
   * What a name was resolved to moments ago, read fresh, if it still has that name. Renamed or deleted by
   * someone else since: forgotten, so the name is looked up again.
   */
  private async stillNamed<T extends { id: string; name: string }>(
    map: Map<string, Cached>,
    key: string,
    name: string,
    get: (id: string) => Promise<T>,
  ): Promise<T | undefined> {
    const id = this.cached(map, key);
    if (!id) return undefined;
    const value = await get(id).catch((err: unknown) => {
      if (isMissing(err)) return undefined;
      throw err;
    });
    if (value && pickByName([value], name).length === 1) return value;
    map.delete(key);
    return undefined;
  }

  /** Drops cached names of a space that was renamed or deleted. */
  forgetSpace(spaceId: string): void {
    for (const [key, entry] of this.spaceIds) if (entry.id === spaceId) this.spaceIds.delete(key);
  }

  async organization(value: string): Promise<Organization> {
    const cached = await this.stillNamed(this.orgIds, value, value, (id) => this.client.getOrganization(id));
    if (cached) return this.found({ kind: "organization", value: cached });
    if (looksLikeId(value)) {
      try {
        return this.found({ kind: "organization", value: await this.client.getOrganization(value) });
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
      const list = matches.map((o) => `${quoted(o.name)} (id ${cleanText(o.id)})`).join(", ");
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
    const list = page.items.map((o) => `${quoted(o.name)} (id ${cleanText(o.id)})`).join(", ");
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
      const list = matches.map((u) => `${cleanText(u.email)} (id ${cleanText(u.id)})`).join(", ");
      throw new InputError(`Several users have the email ${quoted(email)}: ${list}. Pass the user ID.`);
    }
    const near = page.items.slice(0, CANDIDATES_SHOWN).map((u) => cleanText(u.email));
    const hint = near.length ? ` Similar: ${near.join(", ")}.` : "";
    throw new InputError(
      `No user with email ${quoted(email)}.${hint} Call list_users to search by part of an email.`,
    );
  }

  /** The space with exactly this name in the organization, if there is one (create_space ifExists). */
  async existingSpace(name: string, organizationId: string): Promise<Space | undefined> {
    const { seen } = await this.spacesNamedLike(name, organizationId);
    const space = seen.find((s) => s.name === name);
    if (space) this.onResolved({ kind: "space", value: space });
    return space;
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
        .map(
          (s) =>
            `${cleanText(s.id)} (created ${cleanText(s.createdAt)}${s.description ? `, ${quoted(s.description)}` : ""})`,
        )
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
