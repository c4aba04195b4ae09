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
  const { cursor: _previous, ...rest } = args;
  return `More results: call ${tool} with ${exactJson({ ...rest, cursor })}`;
}

function renderList(o: {
  tool: string;
  noun: string;
  args: Args;
  count: number;
  pagination: Pagination;
  table: string;
  empty: string;
}): string {
  const { count, pagination } = o;
  if (count === 0 && !pagination.hasMore) {
    return typeof o.args.cursor === "string" ? `No more ${o.noun}: the previous page was the last.` : o.empty;
  }
  const head = `${count} ${o.noun}${pagination.hasMore ? " (more available)" : ""}:`;
  const parts = [head, o.table];
  if (pagination.nextCursor) parts.push(nextPageCall(o.tool, o.args, pagination.nextCursor));
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

/** "It holds 3 projects, 500+ datasets, prompts: not readable (403), .... Models, ... cannot be counted." */
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

export function formatSpaceList(page: { spaces: Space[]; pagination: Pagination }, args: Args): Formatted {
  const rows = page.spaces.map((s) => [
    cell(s.name),
    cell(s.id),
    s.organization.id
      ? `${cell(s.organization.name)} (${cell(s.organization.id)})`
      : cell(s.organization.name),
    yesNo(s.isPrivate),
    cell(s.createdAt),
    cell(s.description),
  ]);
  const filters = filterPhrase(args, { name: "with a name containing", organization: "in organization" });
  const text = renderList({
    tool: "list_spaces",
    noun: page.spaces.length === 1 ? "space" : "spaces",
    args,
    count: page.spaces.length,
    pagination: page.pagination,
    table: table(["name", "id", "organization (id)", "private", "createdAt", "description"], rows),
    empty: filters
      ? `No spaces found${filters}. Try a shorter part of the name, or call list_spaces without filters.`
      : "No spaces found: this API key sees no spaces. Create one with create_space.",
  });
  return { text, structured: page };
}

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

export function formatOrganizationList(
  page: { organizations: Organization[]; pagination: Pagination },
  args: Args,
): Formatted {
  const rows = page.organizations.map((o) => [
    cell(o.name),
    cell(o.id),
    cell(o.createdAt),
    cell(o.description),
  ]);
  const filters = filterPhrase(args, { name: "with a name containing" });
  const text = renderList({
    tool: "list_organizations",
    noun: page.organizations.length === 1 ? "organization" : "organizations",
    args,
    count: page.organizations.length,
    pagination: page.pagination,
    table: table(["name", "id", "createdAt", "description"], rows),
    empty: filters
      ? `No organizations found${filters}. Try a shorter part of the name, or no name.`
      : "No organizations found: this API key sees none.",
  });
  return { text, structured: page };
}

export function formatUserList(
  page: { users: User[]; pagination: Pagination; scanned?: number; cut?: boolean },
  args: Args,
): Formatted {
  const rows = page.users.map((u) => [cell(u.name), cell(u.email), cell(u.id), cell(u.status), cell(u.role)]);
  const filters = filterPhrase(args, { email: "with an email containing", name: "with a name containing" });
  const list = renderList({
    tool: "list_users",
    noun: page.users.length === 1 ? "user" : "users",
    args,
    count: page.users.length,
    pagination: page.pagination,
    table: table(["name", "email", "id", "status", "accountRole"], rows),
    empty: filters
      ? `No users found${filters}. Try a shorter part of the ${typeof args.name === "string" ? "name" : "email"}, or no filter.`
      : "No users found: this API key sees none.",
  });
  // The API filters only by email, so a name is matched by reading users page by page, within a bound.
  const text = page.cut
    ? `Read ${page.scanned} users looking for names containing ${quoted(String(args.name))} and stopped there (the API cannot filter by name); the rest are not read yet.\n${list}`
    : list;
  return { text, structured: { users: page.users, pagination: page.pagination } };
}
