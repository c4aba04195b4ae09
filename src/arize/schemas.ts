import { z } from "zod";

/*
 * Wire shapes (snake_case, as the Arize AX REST API v2 sends them) and the camelCase domain types the
 * tools return. Unknown extra fields are accepted and dropped; missing or mistyped known fields are not.
 */

// --- domain (what tools return; also the tools' output schemas) ---

const organizationRefSchema = z.object({ id: z.string(), name: z.string() });
/** An organization as a space names it. */
export type OrganizationRef = z.infer<typeof organizationRefSchema>;

export const spaceSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  isPrivate: z.boolean(),
  createdAt: z.string(),
  // The API's Space has no organization: it is derived (arize/organization-directory.ts).
  organization: organizationRefSchema,
});
export type Space = z.infer<typeof spaceSchema>;
/** A space as the API sends it: without its organization. */
export type ApiSpace = Omit<Space, "organization">;

export const organizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  createdAt: z.string(),
});
export type Organization = z.infer<typeof organizationSchema>;

export const userSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  status: z.string(),
  // ADMIN, MEMBER, ANNOTATOR, or CUSTOM:<role name or id>
  role: z.string(),
});
export type User = z.infer<typeof userSchema>;

const roleSchema = z.object({
  type: z.enum(["PREDEFINED", "CUSTOM"]),
  name: z.string().optional(),
  id: z.string().optional(),
});
export type Role = z.infer<typeof roleSchema>;

export const membershipSchema = z.object({
  id: z.string(),
  spaceId: z.string(),
  userId: z.string(),
  role: roleSchema,
});
export type Membership = z.infer<typeof membershipSchema>;

/** What a space holds, per kind: a count, "500+", or why it was not counted. */
export const spaceContentsSchema = z.record(z.string(), z.union([z.number(), z.string()]));

export const paginationSchema = z.object({
  hasMore: z.boolean(),
  nextCursor: z.string().optional(),
});
export type Pagination = z.infer<typeof paginationSchema>;

export interface Page<T> {
  items: T[];
  pagination: Pagination;
}

// --- wire (responses) ---

const wireRole = z.object({
  type: z.string(),
  name: z.string().optional(),
  id: z.string().optional(),
});

export const wireSpace = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullish(),
    created_at: z.string(),
    // Absent before the API added private spaces, when every space was public.
    is_private: z.boolean().optional(),
  })
  .transform(
    (s): ApiSpace => ({
      id: s.id,
      name: s.name,
      description: s.description ?? "",
      isPrivate: s.is_private ?? false,
      createdAt: s.created_at,
    }),
  );

export const wireOrganization = z
  .object({ id: z.string(), name: z.string(), description: z.string().nullish(), created_at: z.string() })
  .transform(
    (o): Organization => ({
      id: o.id,
      name: o.name,
      description: o.description ?? "",
      createdAt: o.created_at,
    }),
  );

export const wireUser = z
  .object({ id: z.string(), name: z.string(), email: z.string(), status: z.string(), role: wireRole })
  .transform(
    (u): User => ({
      id: u.id,
      name: u.name,
      email: u.email,
      status: u.status,
      role:
        u.role.type.toUpperCase() === "CUSTOM"
          ? `CUSTOM:${u.role.name ?? u.role.id ?? "?"}`
          : (u.role.name ?? "?"),
    }),
  );

export const wireMembership = z
  .object({ id: z.string(), user_id: z.string(), space_id: z.string(), role: wireRole })
  .transform(
    (m): Membership => ({
      id: m.id,
      spaceId: m.space_id,
      userId: m.user_id,
      role:
        m.role.type.toUpperCase() === "CUSTOM"
          ? { type: "CUSTOM", id: m.role.id, ...(m.role.name ? { name: m.role.name } : {}) }
          : { type: "PREDEFINED", name: m.role.name },
    }),
  );

const wirePagination = z
  .object({ has_more: z.boolean(), next_cursor: z.string().nullish() })
  .transform(
    (p): Pagination =>
      p.next_cursor ? { hasMore: p.has_more, nextCursor: p.next_cursor } : { hasMore: p.has_more },
  );

function wireList<T>(key: string, item: z.ZodType<T>) {
  return z
    .object({ [key]: z.array(item), pagination: wirePagination })
    .transform((l): Page<T> => ({ items: l[key] as T[], pagination: l.pagination as Pagination }));
}

export const wireSpaceList = wireList("spaces", wireSpace);
export const wireOrganizationList = wireList("organizations", wireOrganization);
export const wireUserList = wireList("users", wireUser);

/** An item of a list of what a space holds (projects, datasets, ...): only counted, so only its ID is read. */
const wireContentItem = z.object({ id: z.string() });
export function wireContentList(key: string) {
  return wireList(key, wireContentItem);
}

// --- wire (requests) ---

export type WireRoleRequest = { type: "PREDEFINED"; name: string } | { type: "CUSTOM"; id: string };
