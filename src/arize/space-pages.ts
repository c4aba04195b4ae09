import { InputError } from "../errors.js";
import type { ArizeClient } from "./client.js";
import type { OrganizationDirectory } from "./organization-directory.js";
import type { Organization, Pagination, Space } from "./schemas.js";

/*
 * list_spaces reads spaces organization by organization (GET /v2/spaces?org_id=...), so that every row
 * names its organization. One opaque cursor carries where the walk stopped: the organization and the
 * API's own cursor within it.
 */

/** Requests one page may cost at most; past it the page is returned short, with a cursor. */
const MAX_REQUESTS_PER_PAGE = 10;

interface WalkPosition {
  /** The organization to read next. */
  o: string;
  /** The API's cursor within it; absent at its start. */
  c?: string;
}

function encode(position: WalkPosition): string {
  return Buffer.from(JSON.stringify(position), "utf8").toString("base64url");
}

const STALE_CURSOR =
  "This cursor is not one list_spaces gave for these filters, or its organization is gone. Call list_spaces without cursor to start again.";

function decode(cursor: string): WalkPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    const p = parsed as Partial<WalkPosition>;
    if (typeof p.o === "string" && (p.c === undefined || typeof p.c === "string")) return { o: p.o, c: p.c };
  } catch {
    // Not ours: answered below.
  }
  throw new InputError(STALE_CURSOR);
}

export async function listSpacePage(o: {
  client: ArizeClient;
  directory: OrganizationDirectory;
  /** Only this organization; every organization the key sees otherwise. */
  organization?: Organization;
  name?: string;
  limit: number;
  cursor?: string;
}): Promise<{ spaces: Space[]; pagination: Pagination }> {
  const organizations = o.organization ? [o.organization] : await o.directory.list();
  const start = o.cursor ? decode(o.cursor) : { o: organizations[0]?.id ?? "" };
  let index = organizations.findIndex((org) => org.id === start.o);
  if (index < 0) {
    if (o.cursor) throw new InputError(STALE_CURSOR);
    return { spaces: [], pagination: { hasMore: false } };
  }
  let upstream = start.c;
  const spaces: Space[] = [];
  for (let requests = 0; requests < MAX_REQUESTS_PER_PAGE; requests++) {
    const organization = organizations[index] as Organization;
    const page = await o.client.listSpaces({
      organizationId: organization.id,
      name: o.name,
      limit: o.limit - spaces.length,
      cursor: upstream,
    });
    spaces.push(...o.directory.remember(page.items, organization));
    upstream = page.pagination.hasMore ? page.pagination.nextCursor : undefined;
    if (!upstream) index += 1;
    const next = organizations[index];
    if (!next) return { spaces, pagination: { hasMore: false } };
    if (spaces.length >= o.limit) break;
  }
  const next = organizations[index] as Organization;
  return { spaces, pagination: { hasMore: true, nextCursor: encode({ o: next.id, c: upstream }) } };
}
