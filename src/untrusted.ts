/*
 * Text from the API (names, descriptions, error details) is data, not instructions. Before it goes into
 * text a model reads, it is flattened to one line without control, zero-width or bidi characters, and cut.
 */

// C0/C1 controls and DEL, line/paragraph separators, zero-width and word joiners, bidi embeddings,
// overrides and isolates, the Arabic letter mark, the BOM, the Mongolian vowel separator.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]+/g;

const MAX_VALUE_CHARS = 300;

/** Printable ASCII without leading, trailing or double spaces. */
const PLAIN = /^(?:[!-~]+(?: [!-~]+)*)?$/;

/** One line of plain text, at most `max` characters (plus a note saying how long it was). */
export function cleanText(value: string, max = MAX_VALUE_CHARS): string {
  // Most values are short printable ASCII that needs nothing done (the hot path of every list).
  if (value.length <= max && PLAIN.test(value)) return value;
  const flat = value.replace(INVISIBLE, " ").replace(/ {2,}/g, " ").trim();
  if (flat.length <= max) return flat;
  return `${flat.slice(0, max)}… [cut: ${value.length} characters in all]`;
}

/** A value in double quotes, cleaned, with its own quotes and backslashes escaped. */
export function quoted(value: string, max = MAX_VALUE_CHARS): string {
  return `"${cleanText(value, max).replace(/["\\]/g, "\\$&")}"`;
}

/** A cleaned value safe inside a Markdown table cell and inline code: pipes and backticks escaped. */
export function cell(value: string, max = MAX_VALUE_CHARS): string {
  return cleanText(value, max).replace(/[|`\\]/g, "\\$&");
}

/**
 * The exact value as a JSON literal, for a call the model should copy (a cursor, a confirm name):
 * unlike JSON.stringify it also escapes invisible and bidi characters, so what is shown is what is sent.
 */
export function exactJson(value: unknown): string {
  return JSON.stringify(value).replace(INVISIBLE, (run) =>
    run.replace(/[\s\S]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
  );
}
