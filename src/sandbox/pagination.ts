/**
 * Keyset pagination over lists in creation order. The cursor carries the sequence number of the last
 * item returned, so deleting or adding items between pages never skips or repeats one.
 */

import { idSequence } from "./ids.js";

export interface PageRequest {
  limit: number;
  /** Return only items created after this sequence number. */
  after: number;
}

export interface WirePagination {
  has_more: boolean;
  next_cursor?: string;
}

export function encodeCursor(after: number): string {
  return Buffer.from(JSON.stringify({ after }), "utf8").toString("base64url");
}

/** The sequence number inside a cursor, or undefined if the cursor was not made by encodeCursor. */
export function decodeCursor(cursor: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (typeof parsed !== "object" || parsed === null || !("after" in parsed)) return undefined;
    const { after } = parsed;
    return typeof after === "number" && Number.isSafeInteger(after) && after >= 0 ? after : undefined;
  } catch {
    return undefined;
  }
}

/** `items` must be in creation order (ascending ID sequence), which every store list is. */
export function paginate<T extends { id: string }>(
  items: readonly T[],
  request: PageRequest,
): { items: T[]; pagination: WirePagination } {
  const start = firstIndexAfter(items, request.after);
  const page = items.slice(start, start + request.limit);
  const last = page.at(-1);
  const hasMore = start + request.limit < items.length && last !== undefined;
  return {
    items: page,
    pagination: hasMore
      ? { has_more: true, next_cursor: encodeCursor(idSequence(last.id)) }
      : { has_more: false },
  };
}

/** Binary search, so a late page of 10,000 spaces costs a handful of ID decodes. */
function firstIndexAfter(items: readonly { id: string }[], after: number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const item = items[mid];
    if (item !== undefined && idSequence(item.id) <= after) low = mid + 1;
    else high = mid;
  }
  return low;
}
