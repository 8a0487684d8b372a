import { OTError } from '../errors.js';

/** The shortest and longest end-to-end encryption secret, in characters. */
export const kMinEncryptionSecretLength = 8;
export const kMaxEncryptionSecretLength = 256;

/** OT_NOT_CONNECTED (1010) for a call that needs a connected session. */
export function notConnectedError(method: string): OTError {
  return new OTError(
    'OT_NOT_CONNECTED',
    1010,
    `${method}() needs a connected session; wait for sessionConnected`,
  );
}

/** OT_INVALID_PARAMETER (1011) naming the prop, its value and the rule. */
export function invalidParameterError(
  name: string,
  value: unknown,
  rule: string,
): OTError {
  const shown = typeof value === 'string' ? `"${value}"` : String(value);
  return new OTError(
    'OT_INVALID_PARAMETER',
    1011,
    `invalid ${name} ${shown}: ${rule}`,
  );
}

/**
 * Checks an end-to-end encryption secret. Returns the error to report, or
 * null when the secret is well formed. The value itself is never put in
 * the message because it is a secret.
 */
export function checkEncryptionSecret(secret: unknown): OTError | null {
  if (
    typeof secret !== 'string' ||
    secret.length < kMinEncryptionSecretLength ||
    secret.length > kMaxEncryptionSecretLength
  ) {
    const length = typeof secret === 'string' ? secret.length : typeof secret;
    return new OTError(
      'OT_INVALID_PARAMETER',
      1011,
      `invalid encryptionSecret (length ${length}): it must be a string of ` +
        `${kMinEncryptionSecretLength} to ${kMaxEncryptionSecretLength} ` +
        'characters',
    );
  }
  return null;
}

// TODO: remove once sessioncore encrypts media end to end; until then a
// session given a secret must not connect and send media unencrypted.
/** OT_ENCRYPTION_NOT_SUPPORTED (1600) for a session given a secret. */
export function encryptionUnsupportedError(): OTError {
  return new OTError(
    'OT_ENCRYPTION_NOT_SUPPORTED',
    1600,
    'end-to-end encryption is not implemented yet, so a session given an ' +
      'encryptionSecret does not connect rather than send media ' +
      'unencrypted; remove encryptionSecret to connect without it',
  );
}

/** Converts anything thrown or rejected by the sessioncore API to OTError. */
export function toOTError(thrown: unknown): OTError {
  return OTError.fromCore(thrown);
}
