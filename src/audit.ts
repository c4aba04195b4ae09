import { open } from "node:fs/promises";
import { UserFacingError } from "./errors.js";
import { nodeCrypto } from "./node-crypto.js";
import { exactJson } from "./untrusted.js";

/** The last key fingerprinted: most calls use the same key as the one before (the server's own). */
let last: { apiKey: string; fingerprint: string } | undefined;

/** First 12 hex characters of the key's SHA-256: tells keys apart in the log without revealing them. */
export function keyFingerprint(apiKey: string | undefined): string | undefined {
  if (!apiKey) return undefined;
  if (last?.apiKey !== apiKey) {
    last = {
      apiKey,
      fingerprint: nodeCrypto().createHash("sha256").update(apiKey).digest("hex").slice(0, 12),
    };
  }
  return last.fingerprint;
}

/**
 * How a call ended. "done": its write was sent and answered; "no_write": it succeeded without sending
 * any write (a dry run, an existing space returned); the others say why nothing, or not all, happened.
 */
export type AuditOutcome = "done" | "no_write" | "refused" | "declined" | "cancelled" | "error";

/** What a line says about the call, whichever its phase. */
export interface AuditSubject {
  tool: string;
  /** What was acted on: the last space, user and organization resolved for this call, as read from Arize. */
  space?: { id: string; name: string };
  user?: { id: string; email: string };
  organization?: { id: string; name: string };
  args: Record<string, unknown>;
  keyFingerprint?: string;
}

/**
 * One line of the log. A call that sends a write has two lines with the same `call`: "attempt", appended
 * and flushed before the write request is sent, then "outcome". A call that sends none has its outcome
 * line only.
 */
export type AuditEntry = AuditSubject & {
  time: string;
  /** Ties an outcome to its attempt. */
  call: string;
} & (
    | { phase: "attempt"; request: string }
    | {
        phase: "outcome";
        outcome: AuditOutcome;
        /** Why it was refused, declined or failed. */
        reason?: string;
        /** HTTP status of an API error. */
        status?: number;
      }
  );

/** A write refused because its audit line could not be written first. */
export class AuditUnavailableError extends UserFacingError {
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

/** fsync on a pipe or a character device is not supported; what was written there is as flushed as it gets. */
const UNSYNCABLE = new Set(["EINVAL", "ENOTSUP", "EOPNOTSUPP"]);

function unavailable(file: string, err: unknown): AuditUnavailableError {
  return new AuditUnavailableError(file, (err as NodeJS.ErrnoException).code ?? (err as Error).message);
}

/**
 * Appends one JSON line per entry, each written and flushed to disk before `append` resolves. Appends are
 * queued so that concurrent calls never interleave. Lines escape every invisible or line-breaking
 * character (U+2028, U+0085...), so that a reader splitting on any line break still sees whole records.
 */
export class AuditLog {
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  /** Whether the file can be opened for appending (checked at start-up and before a write tool runs). */
  async ready(): Promise<void> {
    try {
      await (await open(this.file, "a", 0o600)).close();
    } catch (err) {
      throw unavailable(this.file, err);
    }
  }

  /** Throws AuditUnavailableError when the line could not be written and flushed. */
  append(entry: AuditEntry): Promise<void> {
    const line = `${exactJson(entry)}\n`;
    const next = this.queue.then(() => this.writeLine(line));
    this.queue = next.catch(() => {});
    return next;
  }

  private async writeLine(line: string): Promise<void> {
    let handle: Awaited<ReturnType<typeof open>> | undefined;
    try {
      handle = await open(this.file, "a", 0o600);
      await handle.write(line, null, "utf8");
      await handle.datasync().catch((err: NodeJS.ErrnoException) => {
        if (!UNSYNCABLE.has(err.code ?? "")) throw err;
      });
    } catch (err) {
      throw unavailable(this.file, err);
    } finally {
      await handle?.close().catch(() => {});
    }
  }
}
