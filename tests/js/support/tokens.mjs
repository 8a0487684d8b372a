// Client tokens for tests: project JWTs (HS256 with the project's secret)
// minted here, so that tests can also make tokens the server must refuse
// (expired, signed with the wrong secret, for another session).
import { createHmac, randomBytes } from 'node:crypto';

function base64url(input) {
  return Buffer.from(input).toString('base64url');
}

/**
 * Returns a project JWT for `sessionId`. `issuedAt` and `expiresAt` are
 * Unix seconds; by default the token is valid for one hour from now.
 */
export function mintToken(
  project,
  sessionId,
  {
    role = 'publisher',
    data = '',
    issuedAt = Math.floor(Date.now() / 1000),
    expiresAt = issuedAt + 3600,
    secret = project.apiSecret,
  } = {},
) {
  const header = { alg: 'HS256', typ: 'JWT' };
  const claims = {
    iss: project.apiKey,
    ist: 'project',
    iat: issuedAt,
    exp: expiresAt,
    create_time: issuedAt,
    expire_time: expiresAt,
    nonce: randomBytes(8).toString('hex'),
    scope: 'session.connect',
    session_id: sessionId,
    role,
    initial_layout_class_list: '',
  };
  if (data) claims.connection_data = data;
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(
    JSON.stringify(claims),
  )}`;
  const signature = createHmac('sha256', secret)
    .update(signingInput)
    .digest('base64url');
  return `${signingInput}.${signature}`;
}

/** A token that expired `secondsAgo` seconds ago. */
export function expiredToken(project, sessionId, secondsAgo = 60) {
  const now = Math.floor(Date.now() / 1000);
  return mintToken(project, sessionId, {
    issuedAt: now - 3600,
    expiresAt: now - secondsAgo,
  });
}

/** A well-formed token signed with a secret the server does not know. */
export function forgedToken(project, sessionId, role = 'moderator') {
  return mintToken(project, sessionId, {
    role,
    secret: randomBytes(24).toString('hex'),
  });
}

/** An X-OPENTOK-AUTH JWT for the REST API of `project`, valid 5 minutes. */
export function restAuthToken(project) {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const claims = base64url(
    JSON.stringify({
      iss: project.apiKey,
      ist: 'project',
      iat: now,
      exp: now + 300,
      jti: randomBytes(8).toString('hex'),
    }),
  );
  const signature = createHmac('sha256', project.apiSecret)
    .update(`${header}.${claims}`)
    .digest('base64url');
  return `${header}.${claims}.${signature}`;
}
