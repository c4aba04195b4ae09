/** Domain records -> the API's snake_case JSON. */

import type {
  OrganizationRecord,
  RoleRecord,
  SpaceMembershipRecord,
  SpaceRecord,
  UserRecord,
} from "./records.js";

export function toWireSpace(space: SpaceRecord) {
  return {
    id: space.id,
    name: space.name,
    description: space.description,
    created_at: space.createdAt,
    is_private: space.isPrivate,
  };
}

export function toWireOrganization(org: OrganizationRecord) {
  return { id: org.id, name: org.name, description: org.description, created_at: org.createdAt };
}

export function toWireUser(user: UserRecord) {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    created_at: user.createdAt,
    status: user.status,
    role: { type: "PREDEFINED", name: user.role },
    is_developer: user.isDeveloper,
  };
}

export function toWireRole(role: RoleRecord) {
  return {
    id: role.id,
    name: role.name,
    description: role.description,
    permissions: role.permissions,
    is_predefined: false,
    created_at: role.createdAt,
    updated_at: role.updatedAt,
  };
}

/** `customRoleName` looks up the name a CUSTOM role assignment is returned with. */
export function toWireMembership(
  membership: SpaceMembershipRecord,
  customRoleName: (roleId: string) => string | undefined,
) {
  const { role } = membership;
  return {
    id: membership.id,
    user_id: membership.userId,
    space_id: membership.spaceId,
    role:
      role.type === "PREDEFINED"
        ? { type: "PREDEFINED", name: role.name }
        : { type: "CUSTOM", id: role.id, name: customRoleName(role.id) },
  };
}
