import { InputError } from "../errors.js";
import type { ArizeClient } from "./client.js";
import type { Pagination, User } from "./schemas.js";

/*
 * The API filters users only by email, so a name is matched here, page by page, within a bound. The
 * cursor says where the scan stopped: the API's cursor of that page and how many of its users were read.
 */

const PAGE = 100;
/** Pages read per call at most (1,000 users); the answer says when the scan stopped there. */
const MAX_SCAN_PAGES = 10;

interface ScanPosition {
  /** The API's cursor of the page to read; absent for the first page. */
  c?: string;
  /** Users of that page already read. */
  s: number;
}

function encode(position: ScanPosition): string {
  return Buffer.from(JSON.stringify(position), "utf8").toString("base64url");
}

function decode(cursor: string): ScanPosition {
  try {
    const p = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Partial<ScanPosition>;
    if (Number.isInteger(p.s) && (p.c === undefined || typeof p.c === "string")) {
      return { c: p.c, s: p.s as number };
    }
  } catch {
    // Not ours: answered below.
  }
  throw new InputError(
    "This cursor is not one list_users gave for a name search. Call list_users with the same name and no cursor to start again.",
  );
}

export interface UserSearch {
  users: User[];
  pagination: Pagination;
  /** Users read in this call. */
  scanned: number;
  /** True when the scan stopped at its bound before the list ended. */
  cut: boolean;
}

/** Users whose name contains `name` (any case), optionally also filtered by part of the email. */
export async function searchUsersByName(
  client: ArizeClient,
  o: { name: string; email?: string; limit: number; cursor?: string },
): Promise<UserSearch> {
  const needle = o.name.toLowerCase();
  let position = o.cursor ? decode(o.cursor) : { s: 0 };
  const users: User[] = [];
  let scanned = 0;
  for (let pages = 0; pages < MAX_SCAN_PAGES; pages++) {
    const page = await client.listUsers({ email: o.email, limit: PAGE, cursor: position.c });
    const next = page.pagination.hasMore ? page.pagination.nextCursor : undefined;
    for (let i = position.s; i < page.items.length; i++) {
      const user = page.items[i] as User;
      scanned += 1;
      if (!user.name.toLowerCase().includes(needle)) continue;
      users.push(user);
      if (users.length < o.limit) continue;
      const rest: ScanPosition | undefined =
        i + 1 < page.items.length ? { c: position.c, s: i + 1 } : next ? { c: next, s: 0 } : undefined;
      const pagination = rest ? { hasMore: true, nextCursor: encode(rest) } : { hasMore: false };
      return { users, pagination, scanned, cut: false };
    }
    if (!next) return { users, pagination: { hasMore: false }, scanned, cut: false };
    position = { c: next, s: 0 };
  }
  return { users, pagination: { hasMore: true, nextCursor: encode(position) }, scanned, cut: true };
}
