/** Bad command-line input: printed as one message, no stack trace, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
