/** The sandbox's domain records (camelCase) and the persisted state that holds them. */

import type { ContentIdType, IdType } from "./ids.js";

export type AccountRole = "ADMIN" | "MEMBER" | "ANNOTATOR";
export type UserStatus = "ACTIVE" | "INVITED" | "EXPIRED";
export type SpaceRoleName = "ADMIN" | "MEMBER" | "READ_ONLY" | "ANNOTATOR";

export const ACCOUNT_ROLES: readonly AccountRole[] = ["ADMIN", "MEMBER", "ANNOTATOR"];
export const USER_STATUSES: readonly UserStatus[] = ["ACTIVE", "INVITED", "EXPIRED"];
export const SPACE_ROLE_NAMES: readonly SpaceRoleName[] = ["ADMIN", "MEMBER", "READ_ONLY", "ANNOTATOR"];

export type SpaceRole = { type: "PREDEFINED"; name: SpaceRoleName } | { type: "CUSTOM"; id: string };

export interface OrganizationRecord {
  id: string;
  name: string;
  description: string;
  createdAt: string;
}

export interface UserRecord {
  id: string;
  name: string;
  email: string;
  createdAt: string;
  status: UserStatus;
  role: AccountRole;
  isDeveloper: boolean;
}

export interface RoleRecord {
  id: string;
  name: string;
  description: string;
  permissions: string[];
  createdAt: string;
  updatedAt: string;
}

export interface SpaceRecord {
  id: string;
  name: string;
  description: string;
  createdAt: string;
  isPrivate: boolean;
  organizationId: string;
}

export interface SpaceMembershipRecord {
  id: string;
  spaceId: string;
  userId: string;
  role: SpaceRole;
}

export interface OrganizationMemberRecord {
  organizationId: string;
  userId: string;
}

/** One thing a space holds: a project, dataset, experiment, prompt, evaluator, annotation queue or task. */
export interface ContentRecord {
  id: string;
  kind: ContentIdType;
  spaceId: string;
  name: string;
  createdAt: string;
  createdByUserId: string | null;
}

export const STATE_VERSION = 1;

/** Everything the sandbox knows; this is also the data file's JSON. Arrays are in creation order. */
export interface SandboxState {
  version: typeof STATE_VERSION;
  /** The highest sequence number ever minted per ID type, so deleted IDs are never reused. */
  lastSequence: Record<SequencedIdType, number>;
  organizations: OrganizationRecord[];
  users: UserRecord[];
  roles: RoleRecord[];
  organizationMembers: OrganizationMemberRecord[];
  spaces: SpaceRecord[];
  spaceMemberships: SpaceMembershipRecord[];
  /** What the spaces hold, read-only (the sandbox serves only the list endpoints); absent in older files. */
  contents?: ContentRecord[];
}

/** ID types the sandbox mints at run time; contents only come from the seed. */
export type SequencedIdType = Exclude<IdType, ContentIdType>;
