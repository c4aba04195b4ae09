import { InputError } from "../errors.js";
import { quoted } from "../untrusted.js";

/**
 * Tagged template for API paths: every interpolated value becomes one encoded path segment.
 * `.` and `..` (and empty values) are refused before anything is sent, so an ID can never walk the path.
 */
export function apiPath(strings: TemplateStringsArray, ...segments: string[]): string {
  let out = strings[0] ?? "";
  segments.forEach((segment, i) => {
    if (segment === "" || segment === "." || segment === "..") {
      throw new InputError(`${quoted(segment)} is not a valid identifier.`);
    }
    if (/\p{Cs}/u.test(segment)) {
      // encodeURIComponent would throw on a lone surrogate.
      throw new InputError(`${quoted(segment)} is not a valid identifier (it is not well-formed Unicode).`);
    }
    out += encodeURIComponent(segment) + (strings[i + 1] ?? "");
  });
  return out;
}
