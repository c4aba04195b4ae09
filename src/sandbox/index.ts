export { CONTENT_KINDS, type ContentKind } from "./contents.js";
export { type ContentIdType, decodeId, encodeId, type IdType } from "./ids.js";
export { SandboxDataError } from "./persist.js";
export type {
  AccountRole,
  ContentRecord,
  OrganizationRecord,
  RoleRecord,
  SandboxState,
  SpaceMembershipRecord,
  SpaceRecord,
  SpaceRole,
  SpaceRoleName,
  UserRecord,
  UserStatus,
} from "./records.js";
export { SEED, type SeedName } from "./seed.js";
export { type Sandbox, type SandboxOptions, startSandbox } from "./server.js";
export { type NewSpace, SandboxStore, type SpaceMember, type SpacePatch, StoreError } from "./store.js";
