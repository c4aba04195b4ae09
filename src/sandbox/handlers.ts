/** One function per endpoint: validated input -> store call -> status and JSON body. */

import type { ContentKind } from "./contents.js";
import { booleanFilter, enumFilter, idOf, pageRequest, parseJsonObject, textFilter } from "./input.js";
import { paginate } from "./pagination.js";
import { ApiProblem } from "./problem.js";
import { USER_STATUSES } from "./records.js";
import { parseAddSpaceUser, parseCreateSpace, parseUpdateSpace } from "./space-requests.js";
import type { SandboxStore } from "./store.js";
import { toWireMembership, toWireOrganization, toWireRole, toWireSpace, toWireUser } from "./wire.js";

export interface RequestContext {
  store: SandboxStore;
  /** Percent-decoded path parameters, in path order. */
  params: string[];
  query: URLSearchParams;
  rawBody: string;
}

export interface HandlerResult {
  status: number;
  body?: unknown;
}

export type Handler = (context: RequestContext) => HandlerResult;

function ok(body: unknown, status = 200): HandlerResult {
  return { status, body };
}

const noContent: HandlerResult = { status: 204 };

function notFound(type: string, id: string): ApiProblem {
  return new ApiProblem(404, `${type} with ID '${id}' was not found.`);
}

function param(context: RequestContext, index: number, field: string): string {
  return idOf(context.params[index] ?? "", field);
}

// ---- spaces ----

export const listSpaces: Handler = ({ store, query }) => {
  const orgId = textFilter(query, "org_id");
  if (orgId !== undefined && !store.getOrganization(idOf(orgId, "org_id"))) {
    throw notFound("Organization", orgId);
  }
  const page = pageRequest(query);
  const matches = store.listSpaces({ organizationId: orgId, name: textFilter(query, "name") });
  const { items, pagination } = paginate(matches, page);
  return ok({ spaces: items.map(toWireSpace), pagination });
};

export const createSpace: Handler = ({ store, rawBody }) => {
  const input = parseCreateSpace(parseJsonObject(rawBody));
  return ok(toWireSpace(store.createSpace(input)), 201);
};

export const getSpace: Handler = (context) => {
  const id = param(context, 0, "space_id");
  const space = context.store.getSpace(id);
  if (!space) throw notFound("Space", id);
  return ok(toWireSpace(space));
};

export const updateSpace: Handler = (context) => {
  const id = param(context, 0, "space_id");
  const patch = parseUpdateSpace(parseJsonObject(context.rawBody));
  return ok(toWireSpace(context.store.updateSpace(id, patch)));
};

export const deleteSpace: Handler = (context) => {
  context.store.deleteSpace(param(context, 0, "space_id"));
  return noContent;
};

export const addSpaceUser: Handler = (context) => {
  const spaceId = param(context, 0, "space_id");
  const { userId, role } = parseAddSpaceUser(parseJsonObject(context.rawBody));
  const { store } = context;
  const membership = store.addSpaceUser(spaceId, userId, role);
  return ok(toWireMembership(membership, (roleId) => store.getRole(roleId)?.name));
};

export const removeSpaceUser: Handler = (context) => {
  context.store.removeSpaceUser(param(context, 0, "space_id"), param(context, 1, "user_id"));
  return noContent;
};

// ---- organizations, users, roles ----

export const listOrganizations: Handler = ({ store, query }) => {
  const page = pageRequest(query);
  const { items, pagination } = paginate(store.listOrganizations({ name: textFilter(query, "name") }), page);
  return ok({ organizations: items.map(toWireOrganization), pagination });
};

export const getOrganization: Handler = (context) => {
  const id = param(context, 0, "org_id");
  const org = context.store.getOrganization(id);
  if (!org) throw notFound("Organization", id);
  return ok(toWireOrganization(org));
};

export const listUsers: Handler = ({ store, query }) => {
  const page = pageRequest(query);
  const filter = { email: textFilter(query, "email"), statuses: enumFilter(query, "status", USER_STATUSES) };
  const { items, pagination } = paginate(store.listUsers(filter), page);
  return ok({ users: items.map(toWireUser), pagination });
};

export const getUser: Handler = (context) => {
  const id = param(context, 0, "user_id");
  const user = context.store.getUser(id);
  if (!user) throw notFound("User", id);
  return ok(toWireUser(user));
};

/** Only custom roles live in the sandbox, so `is_predefined=true` lists nothing. */
export const listRoles: Handler = ({ store, query }) => {
  const page = pageRequest(query);
  const roles = booleanFilter(query, "is_predefined") === true ? [] : store.listRoles();
  const { items, pagination } = paginate(roles, page);
  return ok({ roles: items.map(toWireRole), pagination });
};

export const getRole: Handler = (context) => {
  const id = param(context, 0, "role_id");
  const role = context.store.getRole(id);
  if (!role) throw notFound("Role", id);
  return ok(toWireRole(role));
};

// ---- what a space holds ----

/** GET /v2/projects, /v2/datasets, ...: filtered by space_id or space_name (substring) and name. */
export function listContents(kind: ContentKind): Handler {
  return ({ store, query }) => {
    const page = pageRequest(query);
    const spaceId = textFilter(query, "space_id");
    const spaceName = kind.spaceNameFilter ? textFilter(query, "space_name") : undefined;
    let spaceIds: Set<string> | undefined;
    if (spaceId !== undefined) {
      if (!store.getSpace(idOf(spaceId, "space_id"))) throw notFound("Space", spaceId);
      spaceIds = new Set([spaceId]);
    } else if (spaceName !== undefined) {
      spaceIds = new Set(store.listSpaces({ name: spaceName }).map((s) => s.id));
    }
    const items = store.listContents(kind.idType, { spaceIds, name: textFilter(query, "name") });
    const { items: shown, pagination } = paginate(items, page);
    return ok({ [kind.responseKey]: shown.map(kind.toWire), pagination });
  };
}
