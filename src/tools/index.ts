import addSpaceUser from "./add-space-user.js";
import createSpace from "./create-space.js";
import type { ToolDefinition } from "./define.js";
import deleteSpace from "./delete-space.js";
import getSpace from "./get-space.js";
import listOrganizations from "./list-organizations.js";
import listSpaces from "./list-spaces.js";
import listUsers from "./list-users.js";
import removeSpaceUser from "./remove-space-user.js";
import updateSpace from "./update-space.js";

/** Every tool, in the order clients display them. */
export const tools = [
  listSpaces,
  getSpace,
  createSpace,
  updateSpace,
  deleteSpace,
  addSpaceUser,
  removeSpaceUser,
  listOrganizations,
  listUsers,
] as unknown as readonly ToolDefinition[];
