/** The shape of the MCP SDK's JSON Schema validator hook (the server passes this object to the SDK). */
type JsonSchemaType = { type?: unknown; properties?: unknown; required?: unknown };
type JsonSchemaValidator<T> = (
  input: unknown,
) =>
  | { valid: true; data: T; errorMessage: undefined }
  | { valid: false; data: undefined; errorMessage: string };
interface FormValidator {
  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T>;
}

/**
 * Checks a user's answer to a confirmation form: the forms this server sends are flat objects of
 * primitive fields, so required keys and each value's type are all there is to check. Replaces the SDK's
 * default Ajv validator, which costs ~0.3 ms to build per server (a stateless HTTP server per request).
 */
export const formValidator: FormValidator = {
  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    const properties = (schema.properties ?? {}) as Record<string, { type?: unknown }>;
    const required = (schema.required ?? []) as string[];
    return (input: unknown) => {
      if (typeof input !== "object" || input === null || Array.isArray(input)) {
        return { valid: false, data: undefined, errorMessage: "the answer is not an object" };
      }
      const answer = input as Record<string, unknown>;
      const missing = required.find((key) => !(key in answer));
      if (missing) return { valid: false, data: undefined, errorMessage: `${missing} is required` };
      for (const [key, value] of Object.entries(answer)) {
        const type = properties[key]?.type;
        const actual =
          typeof value === "number" && Number.isInteger(value) && type === "integer"
            ? "integer"
            : typeof value;
        if (typeof type === "string" && actual !== type) {
          return { valid: false, data: undefined, errorMessage: `${key} must be of type ${type}` };
        }
      }
      return { valid: true, data: answer as T, errorMessage: undefined };
    };
  },
};
