/**
 * The live MCP sessions of a stateful HTTP server: at most `maxSessions` (counting those being
 * initialized), each closed after `idleMs` without a request. A session is busy, and never expires,
 * while one of its POST or DELETE requests is in flight (a slow tool call, an elicitation waiting for
 * the user); an open GET stream alone does not keep it alive.
 */

export interface SessionEntry<T> {
  readonly id: string;
  readonly value: T;
  inFlight: number;
  lastActive: number;
  timer: NodeJS.Timeout | undefined;
}

export interface SessionRegistryOptions<T> {
  maxSessions: number;
  idleMs: number;
  /** Closes a session's transport and server; called once, on expiry or by closeAll. */
  close: (value: T, id: string) => Promise<void>;
  now?: () => number;
}

export class SessionRegistry<T> {
  private readonly entries = new Map<string, SessionEntry<T>>();
  private reserved = 0;
  private readonly now: () => number;

  constructor(private readonly options: SessionRegistryOptions<T>) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Holds a place for a session being initialized; false when the cap is reached. */
  reserve(): boolean {
    if (this.entries.size + this.reserved >= this.options.maxSessions) return false;
    this.reserved++;
    return true;
  }

  /** Gives back a place taken by reserve() (after add(), or when initialization failed). */
  release(): void {
    this.reserved = Math.max(0, this.reserved - 1);
  }

  add(id: string, value: T): SessionEntry<T> {
    const entry: SessionEntry<T> = { id, value, inFlight: 0, lastActive: this.now(), timer: undefined };
    this.entries.set(id, entry);
    this.arm(entry);
    return entry;
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
