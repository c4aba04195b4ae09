/*
 * Text from the API (names, descriptions, emails, IDs, timestamps, error details) is data, not
 * instructions. Before it goes into text a model or a form reads, it is flattened to one line without
 * anything invisible, and cut. This module is the one neutraliser every such value goes through.
 */

/**
 * What a reader cannot see, or sees as a line break: controls (Cc: C0, C1, DEL), format characters (Cf:
 * zero-width and bidi controls, the soft hyphen, the BOM, the Tags block), line and paragraph separators,
 * and every default-ignorable code point (variation selectors, Hangul fillers, the combining grapheme
 * joiner, reserved ignorables). Each run becomes one space.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]+/gu;
/** Spaces other than U+0020 (no-break, em, ideographic...): shown as a plain space. */
const OTHER_SPACES = /(?! )\p{Zs}/gu;
/**
 * What has no agreed glyph: lone surrogates (they also make encodeURIComponent throw), private-use and
 * unassigned code points. Shown as U+FFFD, visibly.
 */
const UNREADABLE = /[\p{Cs}\p{Co}\p{Cn}]/gu;
/** Everything exactJson writes as a \u escape, so that what is shown is what is sent. */
const ESCAPED_IN_JSON =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Cs}\p{Co}\p{Cn}]|(?! )\p{Zs}/gu;

/** JSON in printable ASCII, which has nothing for exactJson to escape. */
const PRINTABLE_JSON = /^[\x20-\x7e]*$/;

const MAX_VALUE_CHARS = 300;

/** Printable ASCII without leading, trailing or double spaces. */
const PLAIN = /^(?:[!-~]+(?: [!-~]+)*)?$/;

/** `value` cut to at most `max` UTF-16 units without splitting a surrogate pair. */
function cut(value: string, max: number): string {
  const end = /[\ud800-\udbff]/.test(value.charAt(max - 1)) ? max - 1 : max;
  return value.slice(0, end);
}

/** One line of plain text, at most `max` characters (plus a note saying how long it was). */
export function cleanText(value: string, max = MAX_VALUE_CHARS): string {
  // Most values are short printable ASCII that needs nothing done (the hot path of every list).
  if (value.length <= max && PLAIN.test(value)) return value;
  const flat = value
    .replace(INVISIBLE, " ")
    .replace(OTHER_SPACES, " ")
    .replace(UNREADABLE, "\ufffd")
    .replace(/ {2,}/g, " ")
    .trim();
  if (flat.length <= max) return flat;
  return `${cut(flat, max)}… [cut: ${value.length} characters in all]`;
}

/** A value in double quotes, cleaned, with its own quotes and backslashes escaped. */
export function quoted(value: string, max = MAX_VALUE_CHARS): string {
  return `"${cleanText(value, max).replace(/["\\]/g, "\\$&")}"`;
}

const TABLE_SYNTAX = /[|`\\]/;
/** PLAIN without a pipe, backtick or backslash: a cell that needs nothing done, in one test. */
const PLAIN_CELL = /^(?:[!-[\]-_a-{}~]+(?: [!-[\]-_a-{}~]+)*)?$/;

/** A cleaned value safe inside a Markdown table cell and inline code: pipes and backticks escaped. */
export function cell(value: string, max = MAX_VALUE_CHARS): string {
  if (value.length <= max && PLAIN_CELL.test(value)) return value;
  const text = cleanText(value, max);
  // Tested first: a replace that finds nothing still costs several times more, and most cells have none.
  return TABLE_SYNTAX.test(text) ? text.replace(/[|`\\]/g, "\\$&") : text;
}

/**
 * The exact value as a JSON literal, for a call the model should copy (a cursor, a confirm name):
 * unlike JSON.stringify it also escapes invisible, unassigned and non-ASCII space characters, so what is
 * shown is what is sent.
 */
export function exactJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (PRINTABLE_JSON.test(json)) return json;
  return json.replace(ESCAPED_IN_JSON, (c) =>
    c.replace(/[\s\S]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`),
  );
}

/** Text with nothing for visibleText to change: printable ASCII and \n only. */
const PRINTABLE_ASCII = /^[\n\x20-\x7e]*$/;

/**
 * Text the server wrote (a result, an error, a question), with upstream values already cleaned where
 * they were put in: anything invisible left over is removed and line breaks other than \n become \n. The
 * last pass before text leaves the server.
 */
export function visibleText(text: string): string {
  if (PRINTABLE_ASCII.test(text)) return text;
  return text
    .replace(/\r\n?|[\u0085\u2028\u2029\v\f]/g, "\n")
    .replace(/(?:(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}])+/gu, " ")
    .replace(OTHER_SPACES, " ")
    .replace(UNREADABLE, "\ufffd");
}

/**
 * The forms a reader may take for the same name: as stored, as shown (cleaned), and with everything
 * invisible dropped and compatibility forms folded (NFKC). A protection rule is matched against each.
 */
export function nameForms(value: string): string[] {
  const shown = cleanText(value, Number.POSITIVE_INFINITY);
  const folded = value
    .normalize("NFKC")
    .replace(INVISIBLE, "")
    .replace(OTHER_SPACES, " ")
    .replace(/ {2,}/g, " ")
    .trim();
  return [...new Set([value, shown, folded])];
}
