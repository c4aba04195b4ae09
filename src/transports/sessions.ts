/**
 * The live MCP sessions of a stateful HTTP server: at most `maxSessions` (counting those being
 * initialized), each closed after `idleMs` without a request. A session is busy, and never expires,
 * while one of its POST or DELETE requests is in flight (a slow tool call, an elicitation waiting for
 * the user); an open GET stream alone does not keep it alive.
 */

export interface SessionEntry<T> {
  readonly id: string;
  readonly value: T;
  /** Who opened it (the client as per-client limits count it). */
  readonly owner: string;
  inFlight: number;
  lastActive: number;
  timer: NodeJS.Timeout | undefined;
}

export interface SessionRegistryOptions<T> {
  maxSessions: number;
  /** Sessions one owner may hold (or be opening) at once; default: no limit beyond maxSessions. */
  maxPerOwner?: number;
  idleMs: number;
  /** Closes a session's transport and server; called once, on expiry or by closeAll. */
  close: (value: T, id: string) => Promise<void>;
  now?: () => number;
}

export class SessionRegistry<T> {
  private readonly entries = new Map<string, SessionEntry<T>>();
  private reserved = 0;
  /** Sessions held or being opened, per owner. */
  private readonly held = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: SessionRegistryOptions<T>) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Whether `owner` holds (or is opening) as many sessions as one owner may. */
  ownerFull(owner: string): boolean {
    return (this.held.get(owner) ?? 0) >= (this.options.maxPerOwner ?? Number.POSITIVE_INFINITY);
  }

  /** Holds a place for a session being initialized; false when a cap (overall or the owner's) is reached. */
  reserve(owner = ""): boolean {
    if (this.entries.size + this.reserved >= this.options.maxSessions || this.ownerFull(owner)) return false;
    this.reserved++;
    this.count(owner, 1);
    return true;
  }

  /** Gives back a place taken by reserve() (after add(), or when initialization failed). */
  release(owner = ""): void {
    this.reserved = Math.max(0, this.reserved - 1);
    this.count(owner, -1);
  }

  add(id: string, value: T, owner = ""): SessionEntry<T> {
    const entry: SessionEntry<T> = {
      id,
      value,
      owner,
      inFlight: 0,
      lastActive: this.now(),
      timer: undefined,
    };
    this.entries.set(id, entry);
    this.count(owner, 1);
    this.arm(entry);
    return entry;
  }

  private count(owner: string, delta: number): void {
    const n = (this.held.get(owner) ?? 0) + delta;
    if (n > 0) this.held.set(owner, n);
    else this.held.delete(owner);
  }

  get(id: string): SessionEntry<T> | undefined {
    return this.entries.get(id);
  }

  /** Forgets a session that closed by itself (DELETE, or its transport closed). */
  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.entries.delete(id);
    this.count(entry.owner, -1);
  }

  /** A request that must finish before the session may expire (POST, DELETE). */
  begin(entry: SessionEntry<T>): void {
    entry.inFlight++;
    entry.lastActive = this.now();
    clearTimeout(entry.timer);
    entry.timer = undefined;
  }

  end(entry: SessionEntry<T>): void {
    entry.inFlight = Math.max(0, entry.inFlight - 1);
    entry.lastActive = this.now();
    this.arm(entry);
  }

  /** A request that counts as activity but may stay open (a GET stream). */
  touch(entry: SessionEntry<T>): void {
    entry.lastActive = this.now();
    this.arm(entry);
  }

  /** Whole seconds until a place may free up: the soonest idle expiry, else a full idle period. */
  retryAfterSeconds(): number {
    let soonest = this.options.idleMs;
    for (const entry of this.entries.values()) {
      if (entry.inFlight === 0)
        soonest = Math.min(soonest, entry.lastActive + this.options.idleMs - this.now());
    }
    return Math.max(1, Math.ceil(soonest / 1000));
  }

  async closeAll(): Promise<void> {
    const all = [...this.entries.values()];
    for (const entry of all) this.remove(entry.id);
    await Promise.all(all.map((entry) => this.options.close(entry.value, entry.id).catch(() => {})));
  }

  private arm(entry: SessionEntry<T>): void {
    clearTimeout(entry.timer);
    entry.timer = undefined;
    if (entry.inFlight > 0 || !this.entries.has(entry.id)) return;
    entry.timer = setTimeout(() => {
      if (this.entries.get(entry.id) !== entry) return;
      this.remove(entry.id);
      this.options.close(entry.value, entry.id).catch(() => {});
    }, this.options.idleMs);
    entry.timer.unref();
  }
}
