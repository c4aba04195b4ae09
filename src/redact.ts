/**
 * Removes API keys from text before it is cut, shown, logged or sent anywhere: the key as is, and the
 * forms an echo may take on the way (JSON `\u002d` escapes, `\/`, URL `%2D` encoding, in any mix).
 */

/** Shorter values are not treated as secrets: redacting them would mangle ordinary text. */
const MIN_SECRET_CHARS = 8;

export const REDACTED = "[redacted]";

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/** Hex digits matching either case: "2d" -> "2[dD]". */
function anyCaseHex(hex: string): string {
  return hex.replace(/[a-f]/g, (d) => `[${d}${d.toUpperCase()}]`);
}

/** The characters JSON.stringify writes as a two-character escape (besides `"` and `\\`). */
const JSON_SHORT_ESCAPES: Record<string, string> = { "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t" };

/** One character of the secret, as it may appear literally, JSON-escaped or percent-encoded. */
function charForms(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  const forms = [escapeRegExp(c)];
  if (code <= 0xffff) forms.push(`\\\\u${anyCaseHex(code.toString(16).padStart(4, "0"))}`);
  if (code < 0x80) forms.push(`%${anyCaseHex(code.toString(16).padStart(2, "0"))}`);
  if (c === "/" || c === '"' || c === "\\") forms.push(`\\\\${escapeRegExp(c)}`);
  const short = JSON_SHORT_ESCAPES[c];
  if (short) forms.push(`\\\\${short}`);
  return `(?:${forms.join("|")})`;
}

/** Compiled once per secret: a client is made per tool call, and the server's own key is always the same. */
const compiled = new Map<string, RegExp>();
const MAX_COMPILED = 1000;

function patternFor(secret: string): RegExp {
  let pattern = compiled.get(secret);
  if (!pattern) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    pattern = new RegExp(Array.from(secret, charForms).join(""), "g");
    compiled.set(secret, pattern);
  }
  return pattern;
}

export class Redactor {
  private readonly secrets: string[];
  private readonly patterns: RegExp[];

  constructor(secrets: Iterable<string | undefined>) {
    this.secrets = [...new Set([...secrets].filter((s): s is string => !!s && s.length >= MIN_SECRET_CHARS))];
    // Longest first, so that a key containing another is removed whole.
    this.secrets.sort((a, b) => b.length - a.length);
    this.patterns = this.secrets.map(patternFor);
  }

  /** The same secrets and one more. */
  with(secret: string | undefined): Redactor {
    if (!secret || this.secrets.includes(secret)) return this;
    return new Redactor([...this.secrets, secret]);
  }

  get empty(): boolean {
    return this.patterns.length === 0;
  }

  redact(text: string): string {
    let out = text;
    for (const pattern of this.patterns) out = out.replace(pattern, REDACTED);
    return out;
  }

  /** Every string in a JSON-like value redacted (keys included); other values as they are. */
  redactDeep<T>(value: T): T {
    // Most values hold no secret: they are checked without copying, and returned as they are.
    if (this.empty || !this.holdsSecret(value)) return value;
    return this.walk(value) as T;
  }

  private holdsSecret(value: unknown): boolean {
    if (typeof value === "string") {
      for (const pattern of this.patterns) if (value.search(pattern) !== -1) return true;
      return false;
    }
    if (Array.isArray(value)) {
      for (const item of value) if (this.holdsSecret(item)) return true;
      return false;
    }
    if (value && typeof value === "object") {
      const record = value as Record<string, unknown>;
      for (const key in record) if (this.holdsSecret(key) || this.holdsSecret(record[key])) return true;
    }
    return false;
  }

  private walk(value: unknown): unknown {
    if (typeof value === "string") return this.redact(value);
    if (Array.isArray(value)) return value.map((v) => this.walk(v));
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.redact(k), this.walk(v)]));
    }
    return value;
  }
}
