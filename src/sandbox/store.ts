import { type ContentIdType, encodeId, idSequence } from "./ids.js";
import {
  type AccountRole,
  type ContentRecord,
  type OrganizationRecord,
  type RoleRecord,
  type SandboxState,
  type SequencedIdType,
  type SpaceMembershipRecord,
  type SpaceRecord,
  type SpaceRole,
  STATE_VERSION,
  type UserRecord,
  type UserStatus,
} from "./records.js";

export type StoreErrorKind = "not_found" | "conflict" | "rule";

/** A domain rule was broken; the HTTP layer maps the kind to 404, 409 or 400. */
export class StoreError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "StoreError";
  }
}

export interface SandboxStoreOptions {
  now?: () => Date;
  /** Called after every change, e.g. to persist. */
  onChange?: () => void;
}

export interface NewSpace {
  name: string;
  organizationId: string;
  description?: string;
  isPrivate?: boolean;
}

export interface SpacePatch {
  name?: string;
  /** null clears the description. */
  description?: string | null;
  isPrivate?: boolean;
}

export interface NewUser {
  name: string;
  email: string;
  role?: AccountRole;
  status?: UserStatus;
  isDeveloper?: boolean;
}

export interface SpaceMember {
  id: string;
  userId: string;
  role: SpaceRole;
}

/** Arize timestamps have second precision: "2025-03-04T10:00:00Z". */
function toTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * In-memory state of the sandbox and its domain rules. Maps keep creation order; every lookup a request
 * needs (by ID, space name within an organization, members of a space) is a Map hit, so the store stays
 * fast with tens of thousands of spaces.
 */
export class SandboxStore {
  private readonly organizations = new Map<string, OrganizationRecord>();
  private readonly users = new Map<string, UserRecord>();
  private readonly roles = new Map<string, RoleRecord>();
  private readonly spaces = new Map<string, SpaceRecord>();
  /** `${organizationId}\0${name}` -> space ID */
  private readonly spaceIdsByName = new Map<string, string>();
  /** organization ID -> user IDs */
  private readonly organizationMembers = new Map<string, Set<string>>();
  /** space ID -> user ID -> membership */
  private readonly memberships = new Map<string, Map<string, SpaceMembershipRecord>>();
  /** Per kind, in creation order (ascending ID sequence), as pagination needs. */
  private readonly contents = new Map<ContentIdType, ContentRecord[]>();
  private readonly lastSequence: Record<SequencedIdType, number>;
  private readonly now: () => Date;
  private readonly onChange: () => void;

  /** Loads `state`; throws StoreError if it references unknown records or repeats a space name. */
  constructor(state: SandboxState, options: SandboxStoreOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.onChange = options.onChange ?? (() => {});
    this.lastSequence = { ...state.lastSequence };
    for (const org of state.organizations) this.insertUnique(this.organizations, org, "Organization");
    for (const user of state.users) this.insertUnique(this.users, user, "User");
    for (const role of state.roles) this.insertUnique(this.roles, role, "Role");
    for (const { organizationId, userId } of state.organizationMembers) {
      this.requireOrganization(organizationId);
      this.requireUser(userId);
      this.membersOf(organizationId).add(userId);
    }
    for (const space of state.spaces) {
      this.requireOrganization(space.organizationId);
      this.claimName(space.organizationId, space.name, space.id);
      this.insertUnique(this.spaces, space, "Space");
    }
    for (const membership of state.spaceMemberships) {
      this.requireSpace(membership.spaceId);
      this.requireUser(membership.userId);
      if (membership.role.type === "CUSTOM") this.requireRole(membership.role.id);
      this.noteSequence("SpaceMembership", membership.id);
      this.spaceMembershipsOf(membership.spaceId).set(membership.userId, { ...membership });
    }
    for (const item of state.contents ?? []) {
      this.requireSpace(item.spaceId);
      const list = this.contents.get(item.kind) ?? [];
      const last = list.at(-1);
      if (last && idSequence(item.id) <= idSequence(last.id)) {
        throw new StoreError("conflict", `${item.kind} ID '${item.id}' is out of creation order.`);
      }
      list.push({ ...item });
      this.contents.set(item.kind, list);
    }
  }

  // ---- reads ----

  listOrganizations(filter: { name?: string } = {}): OrganizationRecord[] {
    const needle = filter.name?.toLowerCase();
    const all = [...this.organizations.values()];
    const matches = needle === undefined ? all : all.filter((o) => o.name.toLowerCase().includes(needle));
    return matches.map((o) => ({ ...o }));
  }

  getOrganization(id: string): OrganizationRecord | undefined {
    const org = this.organizations.get(id);
    return org && { ...org };
  }

  /** User IDs that belong to the organization, in the order they joined. */
  organizationMemberIds(organizationId: string): string[] {
    return [...(this.organizationMembers.get(organizationId) ?? [])];
  }

  listUsers(filter: { email?: string; statuses?: readonly UserStatus[] } = {}): UserRecord[] {
    const needle = filter.email?.toLowerCase();
    const statuses = filter.statuses && filter.statuses.length > 0 ? new Set(filter.statuses) : undefined;
    const result: UserRecord[] = [];
    for (const user of this.users.values()) {
      if (needle !== undefined && !user.email.toLowerCase().includes(needle)) continue;
      if (statuses && !statuses.has(user.status)) continue;
      result.push({ ...user });
    }
    return result;
  }

  getUser(id: string): UserRecord | undefined {
    const user = this.users.get(id);
    return user && { ...user };
  }

  listRoles(): RoleRecord[] {
    return [...this.roles.values()].map((r) => ({ ...r, permissions: [...r.permissions] }));
  }

  getRole(id: string): RoleRecord | undefined {
    const role = this.roles.get(id);
    return role && { ...role, permissions: [...role.permissions] };
  }

  listSpaces(filter: { organizationId?: string; name?: string } = {}): SpaceRecord[] {
    const needle = filter.name?.toLowerCase();
    const result: SpaceRecord[] = [];
    for (const space of this.spaces.values()) {
      if (filter.organizationId !== undefined && space.organizationId !== filter.organizationId) continue;
      if (needle !== undefined && !space.name.toLowerCase().includes(needle)) continue;
      result.push({ ...space });
    }
    return result;
  }

  getSpace(id: string): SpaceRecord | undefined {
    const space = this.spaces.get(id);
    return space && { ...space };
  }

  spaceMembers(spaceId: string): SpaceMember[] {
    const members = this.memberships.get(spaceId);
    return members
      ? [...members.values()].map(({ id, userId, role }) => ({ id, userId, role: { ...role } }))
      : [];
  }

  /** Items of one kind, in creation order, optionally only those of one space. */
  listContents(kind: ContentIdType, filter: { spaceIds?: ReadonlySet<string>; name?: string } = {}) {
    const needle = filter.name?.toLowerCase();
    return (this.contents.get(kind) ?? [])
      .filter((item) => !filter.spaceIds || filter.spaceIds.has(item.spaceId))
      .filter((item) => needle === undefined || item.name.toLowerCase().includes(needle))
      .map((item) => ({ ...item }));
  }

  // ---- writes ----

  createOrganization(input: { name: string; description?: string }): OrganizationRecord {
    const org: OrganizationRecord = {
      id: this.nextId("Organization"),
      name: input.name,
      description: input.description ?? "",
      createdAt: toTimestamp(this.now()),
    };
    this.organizations.set(org.id, org);
    this.onChange();
    return { ...org };
  }

  createUser(input: NewUser): UserRecord {
    const user: UserRecord = {
      id: this.nextId("User"),
      name: input.name,
      email: input.email,
      createdAt: toTimestamp(this.now()),
      status: input.status ?? "ACTIVE",
      role: input.role ?? "MEMBER",
      isDeveloper: input.isDeveloper ?? false,
    };
    this.users.set(user.id, user);
    this.onChange();
    return { ...user };
  }

  addOrganizationMember(organizationId: string, userId: string): void {
    this.requireOrganization(organizationId);
    this.requireUser(userId);
    this.membersOf(organizationId).add(userId);
    this.onChange();
  }

  createSpace(input: NewSpace): SpaceRecord {
    this.requireOrganization(input.organizationId);
    // Checked before an ID is taken, so a refused create changes nothing.
    this.assertNameFree(input.organizationId, input.name);
    const id = this.nextId("Space");
    this.claimName(input.organizationId, input.name, id);
    const space: SpaceRecord = {
      id,
      name: input.name,
      description: input.description ?? "",
      createdAt: toTimestamp(this.now()),
      isPrivate: input.isPrivate ?? false,
      organizationId: input.organizationId,
    };
    this.spaces.set(id, space);
    this.onChange();
    return { ...space };
  }

  updateSpace(id: string, patch: SpacePatch): SpaceRecord {
    const space = this.requireSpace(id);
    if (patch.name !== undefined && patch.name !== space.name) {
      this.claimName(space.organizationId, patch.name, id);
      this.spaceIdsByName.delete(nameKey(space.organizationId, space.name));
      space.name = patch.name;
    }
    if (patch.description !== undefined) space.description = patch.description ?? "";
    if (patch.isPrivate !== undefined) space.isPrivate = patch.isPrivate;
    this.onChange();
    return { ...space };
  }

  /** Deletes the space, its memberships and everything it holds. */
  deleteSpace(id: string): void {
    const space = this.requireSpace(id);
    this.spaces.delete(id);
    this.spaceIdsByName.delete(nameKey(space.organizationId, space.name));
    this.memberships.delete(id);
    for (const [kind, items] of this.contents) {
      this.contents.set(
        kind,
        items.filter((item) => item.spaceId !== id),
      );
    }
    this.onChange();
  }

  /** Adds the user to the space, or changes their role if they are already a member (keeping the membership ID). */
  addSpaceUser(spaceId: string, userId: string, role: SpaceRole): SpaceMembershipRecord {
    const space = this.requireSpace(spaceId);
    const user = this.requireUser(userId);
    if (role.type === "CUSTOM") this.requireRole(role.id);
    if (!this.organizationMembers.get(space.organizationId)?.has(userId)) {
      throw new StoreError(
        "rule",
        `User '${userId}' is not a member of the space's organization '${space.organizationId}'; add the user to the organization first.`,
      );
    }
    const annotatorRole = role.type === "PREDEFINED" && role.name === "ANNOTATOR";
    if (user.role === "ANNOTATOR" && !annotatorRole) {
      throw new StoreError(
        "rule",
        `User '${userId}' has the account role ANNOTATOR and can only be given the space role ANNOTATOR.`,
      );
    }
    if (user.role !== "ANNOTATOR" && annotatorRole) {
      throw new StoreError(
        "rule",
        `The space role ANNOTATOR can only be given to users whose account role is ANNOTATOR; user '${userId}' is ${user.role}.`,
      );
    }
    const members = this.spaceMembershipsOf(spaceId);
    const membership: SpaceMembershipRecord = {
      id: members.get(userId)?.id ?? this.nextId("SpaceMembership"),
      spaceId,
      userId,
      role: { ...role },
    };
    members.set(userId, membership);
    this.onChange();
    return { ...membership, role: { ...membership.role } };
  }

  removeSpaceUser(spaceId: string, userId: string): void {
    this.requireSpace(spaceId);
    const members = this.memberships.get(spaceId);
    if (!members?.delete(userId)) {
      throw new StoreError("not_found", `User '${userId}' is not a member of space '${spaceId}'.`);
    }
    if (members.size === 0) this.memberships.delete(spaceId);
    this.onChange();
  }

  /** A deep copy of the whole state, in creation order; this is what the data file holds. */
  snapshot(): SandboxState {
    const organizationMembers = [...this.organizationMembers].flatMap(([organizationId, userIds]) =>
      [...userIds].map((userId) => ({ organizationId, userId })),
    );
    const spaceMemberships = [...this.memberships.values()].flatMap((members) =>
      [...members.values()].map((m) => ({ ...m, role: { ...m.role } })),
    );
    return {
      version: STATE_VERSION,
      lastSequence: { ...this.lastSequence },
      organizations: [...this.organizations.values()].map((o) => ({ ...o })),
      users: [...this.users.values()].map((u) => ({ ...u })),
      roles: this.listRoles(),
      organizationMembers,
      spaces: [...this.spaces.values()].map((s) => ({ ...s })),
      spaceMemberships,
      contents: [...this.contents.values()].flatMap((items) => items.map((item) => ({ ...item }))),
    };
  }

  // ---- internals ----

  private nextId(type: SequencedIdType): string {
    this.lastSequence[type] += 1;
    return encodeId(type, this.lastSequence[type]);
  }

  private insertUnique<T extends { id: string }>(
    map: Map<string, T>,
    record: T,
    type: SequencedIdType,
  ): void {
    if (map.has(record.id)) throw new StoreError("conflict", `${type} ID '${record.id}' appears twice.`);
    this.noteSequence(type, record.id);
    map.set(record.id, { ...record });
  }

  /** Keeps newly minted IDs above every loaded one, even if the saved counter is behind. */
  private noteSequence(type: SequencedIdType, id: string): void {
    const seq = idSequence(id);
    if (seq > this.lastSequence[type]) this.lastSequence[type] = seq;
  }

  private assertNameFree(organizationId: string, name: string): void {
    if (this.spaceIdsByName.has(nameKey(organizationId, name))) {
      throw new StoreError(
        "conflict",
        `A space named '${name}' already exists in organization '${organizationId}'.`,
      );
    }
  }

  private claimName(organizationId: string, name: string, spaceId: string): void {
    this.assertNameFree(organizationId, name);
    this.spaceIdsByName.set(nameKey(organizationId, name), spaceId);
  }

  private membersOf(organizationId: string): Set<string> {
    let members = this.organizationMembers.get(organizationId);
    if (!members) {
      members = new Set();
      this.organizationMembers.set(organizationId, members);
    }
    return members;
  }

  private spaceMembershipsOf(spaceId: string): Map<string, SpaceMembershipRecord> {
    let members = this.memberships.get(spaceId);
    if (!members) {
      members = new Map();
      this.memberships.set(spaceId, members);
    }
    return members;
  }

  private requireOrganization(id: string): OrganizationRecord {
    return found(this.organizations.get(id), "Organization", id);
  }

  private requireUser(id: string): UserRecord {
    return found(this.users.get(id), "User", id);
  }

  private requireRole(id: string): RoleRecord {
    return found(this.roles.get(id), "Role", id);
  }

  private requireSpace(id: string): SpaceRecord {
    return found(this.spaces.get(id), "Space", id);
  }
}

function nameKey(organizationId: string, name: string): string {
  return `${organizationId}\u0000${name}`;
}

function found<T>(record: T | undefined, type: string, id: string): T {
  if (record === undefined) throw new StoreError("not_found", `${type} with ID '${id}' was not found.`);
  return record;
}
