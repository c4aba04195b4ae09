import { z } from "zod";
import { spaceSchema } from "../arize/schemas.js";
import { formatSpace } from "../format.js";
import { defineTool } from "./define.js";
import { organization, space } from "./params.js";

export default defineTool({
  name: "get_space",
  title: "Get a space",
  description: "One space by ID or exact name.",
  inputSchema: z.object({ space, organization: organization.optional() }).strict(),
  outputSchema: spaceSchema,
  changes: "nothing",
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  handler: (args, { resolve }) => resolve.space(args.space, args.organization),
  format: formatSpace,
});
