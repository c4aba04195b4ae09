import { createHash } from "node:crypto";
import { appendFile } from "node:fs/promises";

/** First 12 hex characters of the key's SHA-256: tells keys apart in the log without revealing them. */
export function keyFingerprint(apiKey: string | undefined): string | undefined {
  return apiKey ? createHash("sha256").update(apiKey).digest("hex").slice(0, 12) : undefined;
}

export type AuditOutcome = "done" | "dry_run" | "refused" | "declined" | "cancelled" | "error";

export interface AuditEntry {
  time: string;
  tool: string;
  outcome: AuditOutcome;
  /** Why it was refused, declined or failed. */
  reason?: string;
  /** HTTP status of an API error. */
  status?: number;
  space?: { id: string; name: string };
  user?: { id: string; email: string };
  organization?: { id: string; name: string };
  args: Record<string, unknown>;
  keyFingerprint?: string;
}

export class AuditUnavailableError extends Error {
  override readonly name = "AuditUnavailableError";
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(
      `Refused: the audit log ${file} cannot be written (${reason}), and no write happens without its audit line. Nothing was changed.`,
    );
  }
}

/**
 * Appends one JSON line per write attempt. Appends are queued so that concurrent calls never interleave,
 * and each line is one write. `ready()` is checked before a write is sent: an unwritable log refuses it.
 */
export class AuditLog {
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  async ready(): Promise<void> {
    try {
      await this.enqueue("");
    } catch (err) {
      throw new AuditUnavailableError(
        this.file,
        (err as NodeJS.ErrnoException).code ?? (err as Error).message,
      );
    }
  }

  write(entry: AuditEntry): Promise<void> {
    return this.enqueue(`${JSON.stringify(entry)}\n`);
  }

  private enqueue(text: string): Promise<void> {
    const next = this.queue.then(() => appendFile(this.file, text, { encoding: "utf8", mode: 0o600 }));
    this.queue = next.catch(() => {});
    return next;
  }
}
