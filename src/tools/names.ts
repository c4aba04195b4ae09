/** The tool names, for validating configuration without loading the tools (a test keeps it equal to the registry). */
export const TOOL_NAMES = [
  "list_spaces",
  "get_space",
  "create_space",
  "update_space",
  "delete_space",
  "add_space_user",
  "remove_space_user",
  "list_organizations",
  "list_users",
] as const;
