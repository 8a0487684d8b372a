// Node tests of the WebAssembly core: the Embind bindings of the session
// options model, called through the typed wrapper in ts/dist.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import {
  OTError,
  buildRtcConfiguration,
  loadCore,
  resolveSessionOptions,
} from '../../ts/dist/index.js';

const wasmBinary = readFileSync(
  new URL('../../ts/dist/sessioncore_core.wasm', import.meta.url),
);
const core = await loadCore({ wasmBinary });

describe('resolveSessionOptions', () => {
  it('fills in every default', () => {
    const resolved = resolveSessionOptions(core, {});
    assert.equal(resolved.connectionEventsSuppressed, false);
    assert.deepEqual(resolved.iceConfig, {
      includeServers: 'all',
      transportPolicy: 'all',
      customServers: [],
    });
    assert.equal(resolved.enableStereoOutput, false);
    assert.equal(resolved.proxyUrl, undefined);
  });

  it('rejects a misspelled transportPolicy naming option and value', () => {
    assert.throws(
      () =>
        resolveSessionOptions(core, {
          // @ts-expect-error: the wrong value is the point of the test.
          iceConfig: { transportPolicy: 'relya' },
        }),
      (error) => {
        assert.ok(error instanceof OTError);
        assert.equal(error.name, 'OT_INVALID_PARAMETER');
        assert.equal(error.code, 1011);
        assert.match(error.message, /iceConfig\.transportPolicy/);
        assert.match(error.message, /"relya"/);
        assert.match(error.message, /"all", "relay"/);
        return true;
      },
    );
  });

  it('rejects an unknown option key', () => {
    assert.throws(
      () => resolveSessionOptions(core, { connectionEventSuppressed: true }),
      /connectionEventSuppressed is not a known option/,
    );
  });
});

describe('raw module', () => {
  it('throws an Error carrying name and code', () => {
    assert.throws(
      () => core.parseSessionOptions('{"ipWhitelist": 1}'),
      (error) => {
        assert.ok(error instanceof Error);
        assert.equal(error.name, 'OT_INVALID_PARAMETER');
        assert.equal(error.code, 1011);
        assert.match(error.message, /ipWhitelist/);
        return true;
      },
    );
  });

  it('keeps working after many thrown errors', () => {
    for (let i = 0; i < 2000; i += 1) {
      assert.throws(() => core.parseSessionOptions('{"x": 1}'));
    }
    const parsed = JSON.parse(core.parseSessionOptions('{"ipWhitelist":true}'));
    assert.equal(parsed.ipWhitelist, true);
  });

  it('exports the error table', () => {
    const table = JSON.parse(core.errorTable());
    const notConnected = table.find((row) => row.name === 'OT_NOT_CONNECTED');
    assert.equal(notConnected.code, 1010);
  });
});

describe('buildRtcConfiguration', () => {
  it('maps relay-only custom TURN to RTCConfiguration', () => {
    const config = buildRtcConfiguration(
      core,
      {
        iceConfig: {
          includeServers: 'custom',
          transportPolicy: 'relay',
          customServers: [
            { urls: 'turn:127.0.0.1:3478', username: 'u', credential: 'c' },
          ],
        },
      },
      [{ urls: ['turn:server.test:3478'], username: 'a', credential: 'b' }],
    );
    assert.equal(config.iceTransportPolicy, 'relay');
    assert.deepEqual(config.iceServers, [
      { urls: ['turn:127.0.0.1:3478'], username: 'u', credential: 'c' },
    ]);
  });
});
