/**
 * The one error class of sessioncore, shaped like OpenTok.js errors: a
 * `name` such as `OT_NOT_CONNECTED`, the legacy numeric `code` such as 1010,
 * a message that names the value and the rule it broke, and an optional
 * `cause`.
 */
export class OTError extends Error {
  /** The legacy OpenTok numeric code, such as 1010 for not connected. */
  readonly code: number;

  constructor(
    name: string,
    code: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = name;
    this.code = code;
  }

  /**
   * Converts a value thrown by the WebAssembly core (an Error carrying `name`
   * and `code`) into an OTError; anything else becomes OT_INTERNAL_ERROR.
   */
  static fromCore(thrown: unknown): OTError {
    if (thrown instanceof OTError) {
      return thrown;
    }
    if (
      thrown instanceof Error &&
      typeof (thrown as { code?: unknown }).code === 'number' &&
      thrown.name.startsWith('OT_')
    ) {
      const code = (thrown as Error & { code: number }).code;
      return new OTError(thrown.name, code, thrown.message, { cause: thrown });
    }
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    return new OTError('OT_INTERNAL_ERROR', 2000, message, { cause: thrown });
  }
}
