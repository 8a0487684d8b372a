// Checks, with Node's own crypto, that mint-tokens.mjs returns what the C++
// compat test expects: signed SDK tokens for a session ID in this server's
// layout, and an SDK error for a session ID of another API key.
//
// Run: node --test tests/compat/
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  createHmac,
  createVerify,
  generateKeyPairSync,
  randomBytes,
} from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const require = createRequire(import.meta.url);
const script = new URL('./mint-tokens.mjs', import.meta.url).pathname;

function hasOpenTok() {
  try {
    require.resolve('opentok');
    return true;
  } catch {
    return false;
  }
}

// Builds a session ID the way the C++ CreateSessionId() does.
function sessionIdFor(apiKey) {
  const fields = `1~${apiKey}~~2026-12-04T15:47:33Z~${randomBytes(16).toString('hex')}~`;
  return `1_${Buffer.from(fields).toString('base64url')}`;
}

function decodeJwt(token) {
  const [header, payload, signature] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()),
    claims: JSON.parse(Buffer.from(payload, 'base64url').toString()),
    signingInput: `${header}.${payload}`,
    signature: Buffer.from(signature, 'base64url'),
  };
}

function mint(input) {
  const folder = mkdtempSync(join(tmpdir(), 'mint-tokens-'));
  try {
    const inputPath = join(folder, 'input.json');
    writeFileSync(inputPath, JSON.stringify(input));
    return JSON.parse(execFileSync('node', [script, inputPath]).toString());
  } finally {
    rmSync(folder, { recursive: true });
  }
}

const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const input = {
  apiKey: '46123456',
  apiSecret: randomBytes(20).toString('hex'),
  sessionId: sessionIdFor('46123456'),
  foreignSessionId: sessionIdFor('99999'),
  applicationId: '5f2b8c1a-9d3e-4f60-8a7b-1c2d3e4f5a6b',
  applicationPrivateKey: keys.privateKey,
  applicationSessionId: sessionIdFor('5f2b8c1a-9d3e-4f60-8a7b-1c2d3e4f5a6b'),
};
const skip = hasOpenTok() ? false : 'the opentok npm package is not installed';
const minted = skip ? {} : mint(input);

test('mint-tokens.mjs signs project JWTs with HS256', { skip }, () => {
  for (const name of ['jwt', 'jwtWithOptions', 'restJwt']) {
    const jwt = decodeJwt(minted[name]);
    assert.equal(jwt.header.alg, 'HS256', name);
    assert.equal(jwt.claims.iss, input.apiKey, name);
    assert.equal(jwt.claims.ist, 'project', name);
    const expected = createHmac('sha256', input.apiSecret)
      .update(jwt.signingInput)
      .digest();
    assert.deepEqual(jwt.signature, expected, name);
  }
  assert.equal(decodeJwt(minted.jwt).claims.session_id, input.sessionId);
  assert.equal(decodeJwt(minted.jwt).claims.scope, 'session.connect');
  assert.equal(decodeJwt(minted.restJwt).claims.scope, undefined);
});

test('mint-tokens.mjs signs T1 tokens with HMAC-SHA1', { skip }, () => {
  for (const name of ['t1', 't1WithOptions']) {
    assert.ok(minted[name].startsWith('T1=='), name);
    const text = Buffer.from(minted[name].slice(4), 'base64').toString();
    const match = /^partner_id=(\w+)&sig=([0-9a-f]+):(.*)$/.exec(text);
    assert.ok(match, name);
    assert.equal(match[1], input.apiKey);
    const expected = createHmac('sha1', input.apiSecret)
      .update(match[3])
      .digest('hex');
    assert.equal(match[2], expected, name);
    assert.equal(
      new URLSearchParams(match[3]).get('session_id'),
      input.sessionId,
    );
  }
});

test('mint-tokens.mjs signs application JWTs with RS256', { skip }, () => {
  for (const name of ['applicationJwt', 'applicationRestJwt']) {
    const jwt = decodeJwt(minted[name]);
    assert.equal(jwt.header.alg, 'RS256', name);
    assert.equal(jwt.claims.application_id, input.applicationId, name);
    const verifier = createVerify('RSA-SHA256').update(jwt.signingInput);
    assert.ok(verifier.verify(keys.publicKey, jwt.signature), name);
  }
  const token = decodeJwt(minted.applicationJwt).claims;
  assert.equal(token.sub, 'video');
  assert.equal(token.session_id, input.applicationSessionId);
});

test('the SDK reads the API key out of the session ID', { skip }, () => {
  assert.match(minted.foreignSessionError, /belongs to the API Key/);
});
