import type { Organization } from "./schemas.js";

/*
 * What resolving names learns, kept between calls. Apart from the resolver, so that start-up can make the
 * caches without loading it.
 */

export interface Cached {
  id: string;
  at: number;
}

/** What the directory knows, shared by the servers of one process that use the same API key. */
export class DirectoryCache {
  organizations: { list: Organization[]; at: number } | undefined;
  readonly organizationOfSpace = new Map<string, string>();
}

/** Names resolved moments ago, shareable by the servers of one process that use the same API key. */
export class NameCache {
  readonly spaceIds = new Map<string, Cached>();
  readonly directory = new DirectoryCache();
}

/** Keys whose caches are kept; beyond it the least recently used key's cache is dropped. */
const MAX_CACHED_KEYS = 100;

/** A NameCache per API key (keys see different spaces), for the keys used most recently. */
export class NameCaches {
  private readonly byKey = new Map<string, NameCache>();

  /** `keyId` stands for the key (a hash of it), so that no key is kept here. */
  for(keyId: string): NameCache {
    let cache = this.byKey.get(keyId);
    if (cache) this.byKey.delete(keyId);
    else {
      cache = new NameCache();
      const oldest = this.byKey.keys().next();
      if (this.byKey.size >= MAX_CACHED_KEYS && !oldest.done) this.byKey.delete(oldest.value);
    }
    this.byKey.set(keyId, cache);
    return cache;
  }
}
