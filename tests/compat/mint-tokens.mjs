// Mints tokens with the official Node server SDK `opentok` (2.23.2) so the
// C++ verifier can be checked against what real backends send.
//
// Usage: node tests/compat/mint-tokens.mjs INPUT.json
//
// INPUT.json contains {apiKey, apiSecret, sessionId, foreignSessionId,
// applicationId, applicationPrivateKey, applicationSessionId}. The session
// IDs come from the C++ CreateSessionId(). The script prints one JSON object
// with the minted tokens and REST JWTs on stdout. It exits with status 3
// when the `opentok` package is not installed, so callers can skip.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function loadOpenTok() {
  try {
    return require('opentok');
  } catch (error) {
    process.stderr.write(`opentok package not found: ${error.message}\n`);
    process.exit(3);
  }
}

// Returns the SDK's error message for a call expected to throw, or null.
function errorMessageOf(call) {
  try {
    call();
    return null;
  } catch (error) {
    return error.message;
  }
}

function mintProjectTokens(OpenTok, input) {
  const ot = new OpenTok(input.apiKey, input.apiSecret);
  const options = {
    role: 'moderator',
    data: 'name=Ada Lovelace&team=équipe',
    expireTime: Math.round(Date.now() / 1000) + 3600,
    initialLayoutClassList: ['focus', 'full'],
  };
  return {
    jwt: ot.generateToken(input.sessionId),
    t1: ot.generateToken(input.sessionId, undefined, true),
    jwtWithOptions: ot.generateToken(input.sessionId, options),
    t1WithOptions: ot.generateToken(input.sessionId, options, true),
    // The SDK sends this value as the X-OPENTOK-AUTH header.
    restJwt: ot.generateJwt(),
    foreignSessionError: errorMessageOf(() =>
      ot.generateToken(input.foreignSessionId),
    ),
  };
}

function mintApplicationTokens(OpenTok, input) {
  const ot = new OpenTok(input.applicationId, input.applicationPrivateKey);
  return {
    applicationJwt: ot.generateToken(input.applicationSessionId, {
      role: 'subscriber',
      data: 'app-user',
    }),
    // The SDK sends this value as "Authorization: Bearer <value>".
    applicationRestJwt: ot.generateJwt(),
  };
}

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const OpenTok = loadOpenTok();
const output = {
  ...mintProjectTokens(OpenTok, input),
  ...mintApplicationTokens(OpenTok, input),
};
process.stdout.write(`${JSON.stringify(output)}\n`);
