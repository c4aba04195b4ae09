/** Arize global IDs: standard base64 (with padding) of `<Type>:<key>`, e.g. `U3BhY2U6MQ==` is `Space:1`. */

export type IdType = "Organization" | "User" | "Space" | "Role" | "SpaceMembership" | ContentIdType;

/** The ID types of what a space holds (projects, datasets, ...). */
export type ContentIdType =
  | "Project"
  | "Dataset"
  | "Experiment"
  | "Prompt"
  | "Evaluator"
  | "AnnotationQueue"
  | "Task";

export function encodeId(type: IdType, seq: number): string {
  return Buffer.from(`${type}:${seq}`, "utf8").toString("base64");
}

export interface DecodedId {
  type: string;
  key: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const TYPED_KEY = /^([A-Za-z][A-Za-z0-9]*):(.+)$/s;

/** Returns undefined unless `raw` is canonical base64 of `<Type>:<something>`. */
export function decodeId(raw: string): DecodedId | undefined {
  if (raw.length % 4 !== 0 || !BASE64.test(raw)) return undefined;
  const bytes = Buffer.from(raw, "base64");
  // Buffer's decoder is lenient; a round trip rejects non-canonical spellings.
  if (bytes.toString("base64") !== raw) return undefined;
  const match = TYPED_KEY.exec(bytes.toString("utf8"));
  if (!match?.[1] || !match[2]) return undefined;
  return { type: match[1], key: match[2] };
}

/** The creation sequence number of an ID this sandbox minted (`Space:42` -> 42); NaN otherwise. */
export function idSequence(id: string): number {
  const decoded = decodeId(id);
  return decoded && /^\d+$/.test(decoded.key) ? Number(decoded.key) : Number.NaN;
}
