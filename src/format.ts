import type { Membership, Organization, OrganizationRef, Pagination, Space, User } from "./arize/schemas.js";
import { CONTENT_KINDS, type SpaceContents, UNCOUNTABLE } from "./arize/space-contents.js";
import { cell, cleanText, exactJson, quoted } from "./untrusted.js";

/*
 * Domain values -> what the model reads: compact, complete text (every field, IDs verbatim) beside the
 * same data as structuredContent. API text goes through untrusted.ts before it is written here.
 */

export interface Formatted {
  text: string;
  structured: Record<string, unknown>;
}

type Args = Record<string, unknown>;

function table(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/** The exact call for the next page: the same arguments with the new cursor. */
function nextPageCall(tool: string, args: Args, cursor: string): string {
  // Copied key by key (rest and spread cost microseconds on Node 20), the cursor last.
  const next: Args = {};
  for (const key of Object.keys(args)) if (key !== "cursor") next[key] = args[key];
  next.cursor = cursor;
  return `More results: call ${tool} with ${exactJson(next)}`;
}

/** What one list tool's page shows: its items' key, noun and columns, and what to say when it is empty. */
interface ListSpec<Key extends string, Item, Extra> {
  tool: string;
  /** The key of the items in the page and in structuredContent: "spaces". */
  key: Key;
  noun: { one: string; many: string };
  /** Column header -> the cell of an item (API text through `cell`). */
  columns: Record<string, (item: Item) => string>;
  /** Argument -> how the empty answer names it as a filter: { name: "with a name containing" }. */
  filters: Record<string, string>;
  /** What to try when a filtered page is empty. */
  tryInstead: (args: Args) => string;
  /** The answer when an unfiltered first page is empty. */
  none: string;
  /** A line above the list, if the page needs one. */
  preface?: (page: Extra, args: Args) => string | undefined;
}

type ListPage<Key extends string, Item> = Record<Key, Item[]> & { pagination: Pagination };

/** The one list-page formatter: a table of the page, and the exact call for the next one. */
function listFormatter<Key extends string, Item, Extra = unknown>(spec: ListSpec<Key, Item, Extra>) {
  return (page: ListPage<Key, Item> & Extra, args: Args): Formatted => {
    const items = page[spec.key];
    const text = listText(spec, items, page.pagination, args);
    const preface = spec.preface?.(page, args);
    return {
      text: preface ? `${preface}\n${text}` : text,
      structured: { [spec.key]: items, pagination: page.pagination },
    };
  };
}

function listText<Item>(
  spec: Omit<ListSpec<string, Item, never>, "preface">,
  items: Item[],
  pagination: Pagination,
  args: Args,
): string {
  if (items.length === 0 && !pagination.hasMore) {
    if (typeof args.cursor === "string") return `No more ${spec.noun.many}: the previous page was the last.`;
    const filters = filterPhrase(args, spec.filters);
    return filters ? `No ${spec.noun.many} found${filters}. ${spec.tryInstead(args)}` : spec.none;
  }
  const noun = items.length === 1 ? spec.noun.one : spec.noun.many;
  const columns = Object.entries(spec.columns);
  const rows = items.map((item) => columns.map(([, cellOf]) => cellOf(item)));
  const parts = [
    `${items.length} ${noun}${pagination.hasMore ? " (more available)" : ""}:`,
    table(
      columns.map(([header]) => header),
      rows,
    ),
  ];
  if (pagination.nextCursor) parts.push(nextPageCall(spec.tool, args, pagination.nextCursor));
  else if (pagination.hasMore) parts.push("The API says there are more but gave no cursor to fetch them.");
  return parts.join("\n");
}

function yesNo(b: boolean): string {
  return b ? "yes" : "no";
}

function filterPhrase(args: Args, fields: Record<string, string>): string {
  return Object.entries(fields)
    .filter(([key]) => typeof args[key] === "string")
    .map(([key, phrase]) => ` ${phrase} ${quoted(args[key] as string)}`)
    .join("");
}

// --- spaces ---

/** `"Acme ML" (id T3Jn...)`, or what is known when the key cannot see the organization. */
function organizationLabel(o: OrganizationRef): string {
  return o.id ? `${quoted(o.name)} (id ${cleanText(o.id)})` : cleanText(o.name);
}

function spaceText(s: Space): string {
  return [
    `Space ${quoted(s.name)}`,
    `id: ${cleanText(s.id)}`,
    `organization: ${organizationLabel(s.organization)}`,
    `description: ${s.description ? quoted(s.description) : "(none)"}`,
    `private: ${yesNo(s.isPrivate)}`,
    `createdAt: ${cleanText(s.createdAt)}`,
  ].join("\n");
}

function countLabel(count: number | string, kind: { one: string; many: string }): string {
  if (typeof count === "number") return `${count} ${count === 1 ? kind.one : kind.many}`;
  return /^\d+\+$/.test(count) ? `${count} ${kind.many}` : `${kind.many}: ${count}`;
}

/** "It holds 3 projects, 500+ datasets, prompts: not readable (403), .... Its models, ... cannot be counted ..." */
export function contentsSentence(contents: SpaceContents): string {
  const parts = CONTENT_KINDS.filter((k) => contents[k.key] !== undefined).map((k) =>
    countLabel(contents[k.key] as number | string, k),
  );
  return `It holds ${parts.join(", ")}. Its ${UNCOUNTABLE} cannot be counted through the API.`;
}

export function formatSpace(r: { space: Space; contents?: SpaceContents }): Formatted {
  const text = r.contents ? `${spaceText(r.space)}\n${contentsSentence(r.contents)}` : spaceText(r.space);
  return { text, structured: r.contents ? { ...r.space, contents: r.contents } : r.space };
}

export const formatSpaceList = listFormatter<"spaces", Space>({
  tool: "list_spaces",
  key: "spaces",
  noun: { one: "space", many: "spaces" },
  columns: {
    name: (s) => cell(s.name),
    id: (s) => cell(s.id),
    "organization (id)": (s) =>
      s.organization.id
        ? `${cell(s.organization.name)} (${cell(s.organization.id)})`
        : cell(s.organization.name),
    private: (s) => yesNo(s.isPrivate),
    createdAt: (s) => cell(s.createdAt),
    description: (s) => cell(s.description),
  },
  filters: { name: "with a name containing", organization: "in organization" },
  tryInstead: () => "Try a shorter part of the name, or call list_spaces without filters.",
  none: "No spaces found: this API key sees no spaces. Create one with create_space.",
});

export function formatCreatedSpace(r: { space: Space; created: boolean }): Formatted {
  const where = `the organization ${organizationLabel(r.space.organization)}`;
  const head = r.created
    ? `Created in ${where}.`
    : `Not created: a space with this name already exists in ${where}; here it is (ifExists: "return").`;
  const text = `${head}\n${spaceText(r.space)}`;
  return { text, structured: r.space };
}

export function formatUpdatedSpace(r: { before: Space; after: Space }): Formatted {
  const { before, after } = r;
  const changes: string[] = [];
  if (before.name !== after.name) changes.push(`name ${quoted(before.name)} -> ${quoted(after.name)}`);
  if (before.description !== after.description) {
    changes.push(after.description ? "description changed" : "description cleared");
  }
  if (before.isPrivate !== after.isPrivate) changes.push(after.isPrivate ? "now private" : "now public");
  const summary = changes.length
    ? `Updated: ${changes.join("; ")}.`
    : "Saved; the values were already as requested.";
  return { text: `${summary}\n${spaceText(after)}`, structured: after };
}

export function formatDeletedSpace(r: {
  deleted: boolean;
  space: Space;
  contents: SpaceContents;
}): Formatted {
  const { space } = r;
  const text = r.deleted
    ? `Deleted space ${quoted(space.name)} (id ${cleanText(space.id)}) of the organization ${organizationLabel(space.organization)} and everything in it. ${contentsSentence(r.contents).replace(/^It holds/, "It held")} This cannot be undone.`
    : [
        "Dry run: nothing was deleted. delete_space would permanently delete this space and everything in it:",
        spaceText(space),
        contentsSentence(r.contents),
        `After the user confirms, call delete_space with ${exactJson({ space: space.id, confirm: space.name })}`,
      ].join("\n");
  return { text, structured: r };
}

// --- space users ---

function userLabel(u: User): string {
  return `${quoted(u.name)} <${cell(u.email)}> (id ${cleanText(u.id)})`;
}

function roleLabel(role: Membership["role"]): string {
  if (role.type === "PREDEFINED") return cleanText(role.name ?? "?");
  return `custom role ${role.name ? `${quoted(role.name)} ` : ""}(id ${cleanText(role.id ?? "?")})`;
}

export function formatMembership(r: { membership: Membership; space: Space; user: User }): Formatted {
  const { membership, space, user } = r;
  const text = `User ${userLabel(user)} now has role ${roleLabel(membership.role)} in space ${quoted(space.name)} (id ${cleanText(space.id)}) of the organization ${organizationLabel(space.organization)}. Membership id: ${cleanText(membership.id)}.`;
  return { text, structured: { membership } };
}

export function formatRemoval(r: { removed: boolean; space: Space; user: User }): Formatted {
  const { removed, space, user } = r;
  const text = removed
    ? `Removed user ${userLabel(user)} from space ${quoted(space.name)} (id ${cleanText(space.id)}) of the organization ${organizationLabel(space.organization)}.`
    : `Nothing changed: user ${userLabel(user)} is not a member of space ${quoted(space.name)} (id ${cleanText(space.id)}) of the organization ${organizationLabel(space.organization)}.`;
  return { text, structured: { removed, spaceId: space.id, userId: user.id } };
}

// --- organizations and users ---

export const formatOrganizationList = listFormatter<"organizations", Organization>({
  tool: "list_organizations",
  key: "organizations",
  noun: { one: "organization", many: "organizations" },
  columns: {
    name: (o) => cell(o.name),
    id: (o) => cell(o.id),
    createdAt: (o) => cell(o.createdAt),
    description: (o) => cell(o.description),
  },
  filters: { name: "with a name containing" },
  tryInstead: () => "Try a shorter part of the name, or no name.",
  none: "No organizations found: this API key sees none.",
});

export const formatUserList = listFormatter<"users", User, { scanned?: number; cut?: boolean }>({
  tool: "list_users",
  key: "users",
  noun: { one: "user", many: "users" },
  columns: {
    name: (u) => cell(u.name),
    email: (u) => cell(u.email),
    id: (u) => cell(u.id),
    status: (u) => cell(u.status),
    accountRole: (u) => cell(u.role),
  },
  filters: { email: "with an email containing", name: "with a name containing" },
  tryInstead: (args) =>
    `Try a shorter part of the ${typeof args.name === "string" ? "name" : "email"}, or no filter.`,
  none: "No users found: this API key sees none.",
  // The API filters only by email, so a name is matched by reading users page by page, within a bound.
  preface: (page, args) =>
    page.cut
      ? `Read ${page.scanned} users looking for names containing ${quoted(String(args.name))} and stopped there (the API cannot filter by name); the rest are not read yet.`
      : undefined,
});
