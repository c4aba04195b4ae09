import { ArizeApiError, InputError } from "../errors.js";
import { cleanText, exactJson, quoted } from "../untrusted.js";
import type { ArizeClient } from "./client.js";
import { type Cached, NameCache } from "./name-cache.js";
import { OrganizationDirectory } from "./organization-directory.js";
import type { ApiSpace, Organization, OrganizationRef, Space, User } from "./schemas.js";

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
function pickByName<T extends { id: string; name: string }>(items: readonly T[], name: string): T[] {
  const exact = items.filter((i) => i.name === name);
  if (exact.length > 0) return exact;
  return items.filter((i) => i.name.toLowerCase() === name.toLowerCase());
}

export type Resolved =
  | { kind: "space"; value: Space }
  | { kind: "organization"; value: Organization }
  | { kind: "user"; value: User };

/** Turns names, emails and IDs given by a person into API IDs, with a short cache of name lookups. */
export class Resolver {
  private readonly spaceIds: Map<string, Cached>;
  /** Which organization each space is in (the API's Space does not say). */
  readonly organizations: OrganizationDirectory;

  constructor(
    private readonly client: ArizeClient,
    private readonly now: () => number = Date.now,
    readonly cache = new NameCache(),
    private readonly onResolved: (r: Resolved) => void = () => {},
    private readonly checkSpace: (space: Space) => void = () => {},
  ) {
    this.spaceIds = cache.spaceIds;
    this.organizations = new OrganizationDirectory(client, cache.directory, now);
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

  /**
   * The current space, read fresh, with its organization. An ID costs one GET; a name one filtered list
   * (or a cached ID's GET); the organization nothing once known, else one filtered list per organization.
   * `organization` narrows a name lookup to that organization.
   */
  async space(value: string, organization?: string): Promise<Space> {
    const org = organization === undefined ? undefined : await this.organization(organization);
    const key = spaceKey(value, org?.id);
    const cached = await this.stillNamed(key, value);
    if (cached) return this.found({ kind: "space", value: await this.placed(cached) });
    const byId = looksLikeId(value) ? await this.spaceById(value) : undefined;
    if (byId) return this.found({ kind: "space", value: this.inOrganization(await this.placed(byId), org) });
    const space = await this.spaceByName(value, org);
    this.spaceIds.set(key, { id: space.id, at: this.now() });
    return this.found({ kind: "space", value: space });
  }

  /** The space with this ID, or undefined when there is none (the value may be a name that looks like an ID). */
  private async spaceById(value: string): Promise<ApiSpace | undefined> {
    try {
      return await this.client.getSpace(value);
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  /** A space just returned by the API (created, updated) in an organization already known. */
  inPlace(space: ApiSpace, organization: OrganizationRef): Space {
    const [placed] = this.organizations.remember([space], organization);
    return placed as Space;
  }

  /** A space this call created, placed, and reported like a resolved one (the audit log names it). */
  created(space: ApiSpace, organization: OrganizationRef): Space {
    const placed = this.inPlace(space, organization);
    this.onResolved({ kind: "space", value: placed });
    return placed;
  }

  private async placed(space: ApiSpace): Promise<Space> {
    const [placed] = await this.organizations.place([space]);
    return placed as Space;
  }

  /** An ID needs no organization; a different one given with it is a mistake worth saying. */
  private inOrganization(space: Space, org: Organization | undefined): Space {
    if (!org || !space.organization.id || space.organization.id === org.id) return space;
    throw new InputError(
      `The space ${quoted(space.name)} (id ${cleanText(space.id)}) is in the organization ${quoted(space.organization.name)} (id ${cleanText(space.organization.id)}), not ${quoted(org.name)} (id ${cleanText(org.id)}). An ID needs no organization: pass ${exactJson({ space: space.id })}.`,
    );
  }

  /**
   * What a name was resolved to moments ago, read fresh, if it still has that name. Renamed or deleted by
   * someone else since: forgotten, so the name is looked up again.
   */
  private async stillNamed(key: string, name: string): Promise<ApiSpace | undefined> {
    const id = this.cached(key);
    if (!id) return undefined;
    const value = await this.client.getSpace(id).catch((err: unknown) => {
      if (isMissing(err)) return undefined;
      throw err;
    });
    if (value && pickByName([value], name).length === 1) return value;
    this.spaceIds.delete(key);
    return undefined;
  }

  /** Drops cached names of a space that was renamed or deleted. */
  forgetSpace(spaceId: string): void {
    for (const [key, entry] of this.spaceIds) if (entry.id === spaceId) this.spaceIds.delete(key);
  }

  /**
   * An organization by ID or name (exact, else the only case-insensitive match), from the cached list
   * (read afresh once when not in it).
   */
  async organization(value: string): Promise<Organization> {
    let matches = this.organizationMatches(await this.organizations.list(), value);
    if (matches.length === 0) matches = this.organizationMatches(await this.organizations.list(true), value);
    if (matches.length === 0 && looksLikeId(value)) {
      try {
        matches = [await this.client.getOrganization(value)];
      } catch (err) {
        if (!isMissing(err)) throw err;
      }
    }
    if (matches.length === 0) {
      const seen = (await this.organizations.list()).slice(0, CANDIDATES_SHOWN);
      const hint = seen.length ? ` Organizations this key sees: ${seen.map(orgLabel).join(", ")}.` : "";
      throw new InputError(`No organization named ${quoted(value)}.${hint}`);
    }
    if (matches.length > 1) {
      throw new InputError(
        `Several organizations are named ${quoted(value)}: ${matches.map(orgLabel).join(", ")}. Pass the organization ID.`,
      );
    }
    return this.found({ kind: "organization", value: matches[0] as Organization });
  }

  private organizationMatches(list: readonly Organization[], value: string): Organization[] {
    const byId = list.filter((o) => o.id === value);
    return byId.length > 0 ? byId : pickByName(list, value);
  }

  /** The organization to create in when none was named: only possible when the key sees exactly one. */
  async onlyOrganization(): Promise<Organization> {
    const list = await this.organizations.list();
    if (list.length === 1) return this.found({ kind: "organization", value: list[0] as Organization });
    if (list.length === 0) {
      throw new InputError("This API key sees no organization, so no space can be created with it.");
    }
    const shown = list.slice(0, CANDIDATES_SHOWN).map(orgLabel).join(", ");
    const more = list.length > CANDIDATES_SHOWN ? `, and ${list.length - CANDIDATES_SHOWN} more` : "";
    throw new InputError(`Pass organization: this key sees several organizations: ${shown}${more}.`);
  }

  /** A user by ID or email address. */
  async user(value: string): Promise<User> {
    return this.found({ kind: "user", value: await this.findUser(value) });
  }

  private async findUser(value: string): Promise<User> {
    if (value.includes("@")) return this.userByEmail(value);
    if (!looksLikeId(value)) {
      throw new InputError(
        `user must be a user ID or an email address, not ${quoted(value)}. Call list_users with name to find a person by name.`,
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
      `No user with email ${quoted(email)}.${hint} Call list_users to search by part of an email or name.`,
    );
  }

  /** The space with exactly this name in the organization, if there is one (create_space ifExists). */
  async existingSpace(name: string, organization: Organization): Promise<Space | undefined> {
    const { seen } = await this.spacesNamedLike(name, organization.id);
    const space = seen.find((s) => s.name === name);
    if (!space) return undefined;
    const placed = this.inPlace(space, organization);
    // Not found(): an existing space returned is not changed, so it is not checked against protection.
    this.onResolved({ kind: "space", value: placed });
    return placed;
  }

  /** Spaces whose names contain `name` (the API's filter): one request, more pages only for many matches. */
  private async spacesNamedLike(name: string, organizationId: string | undefined) {
    const seen: ApiSpace[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_NAME_PAGES; page++) {
      const result = await this.client.listSpaces({ name, organizationId, limit: PAGE, cursor });
      seen.push(...result.items);
      cursor = result.pagination.hasMore ? result.pagination.nextCursor : undefined;
      if (!cursor) break;
    }
    return { seen, truncated: cursor !== undefined };
  }

  private async spaceByName(name: string, org: Organization | undefined): Promise<Space> {
    const { seen, truncated } = await this.spacesNamedLike(name, org?.id);
    if (org) this.organizations.remember(seen, org);
    const matches = await this.organizations.place(pickByName(seen, name));
    const where = org ? ` in the organization ${orgLabel(org)}` : "";
    if (matches.length === 1) return matches[0] as Space;
    if (matches.length > 1) {
      const list = matches
        .slice(0, CANDIDATES_SHOWN)
        .map(
          (s) =>
            `${cleanText(s.id)} in ${orgLabel(s.organization)} (created ${cleanText(s.createdAt)}${s.description ? `, ${quoted(s.description)}` : ""})`,
        )
        .join("; ");
      const orgNames = [...new Set(matches.map((s) => quoted(s.organization.name)))];
      const narrow = orgNames.length === matches.length ? `organization (${orgNames.join(" or ")}) or ` : "";
      throw new InputError(
        `${matches.length} spaces are named ${quoted(name)}${where}: ${list}. Ask the user which one is meant, then pass ${narrow}the space ID.`,
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

  private cached(key: string): string | undefined {
    const entry = this.spaceIds.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.at > CACHE_TTL_MS) {
      this.spaceIds.delete(key);
      return undefined;
    }
    return entry.id;
  }
}

function orgLabel(o: OrganizationRef): string {
  return o.id ? `${quoted(o.name)} (id ${cleanText(o.id)})` : cleanText(o.name);
}

function spaceKey(value: string, organizationId: string | undefined): string {
  return `${organizationId ?? ""}\u0000${value}`;
}
