// Builds the pages the React browser tests load: the test harness (React's
// development build, so StrictMode double-mounts) and, when missing, the
// example app. Both import the npm package from ts/dist.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import * as esbuild from 'esbuild';

import { findServerBinary } from '../support/server.js';

const root = process.cwd();
const tsDist = process.env.SESSIONCORE_TS_DIST ?? join(root, 'ts', 'dist');
const harnessSource = join(root, 'tests', 'e2e', 'react-harness');

/** The folder of the built harness page. */
export const harnessDist = join(root, 'build', 'playwright-react', 'harness');

/** The folder of the built example app. */
export const exampleDist = join(root, 'examples', 'react-app', 'dist');

/** Bundles harness.tsx with index.html and the .wasm file beside it. */
export async function buildHarness(): Promise<string> {
  mkdirSync(harnessDist, { recursive: true });
  await esbuild.build({
    entryPoints: [join(harnessSource, 'harness.tsx')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    outfile: join(harnessDist, 'harness.js'),
    alias: {
      'sessioncore/react': join(tsDist, 'react', 'index.js'),
      sessioncore: join(tsDist, 'index.js'),
    },
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'warning',
  });
  copyFileSync(
    join(harnessSource, 'index.html'),
    join(harnessDist, 'index.html'),
  );
  copyFileSync(
    join(tsDist, 'sessioncore_core.wasm'),
    join(harnessDist, 'sessioncore_core.wasm'),
  );
  return harnessDist;
}

/** Builds the example app unless ./sessioncore build already did. */
export function ensureExampleBuilt(): string {
  if (!existsSync(join(exampleDist, 'app.js'))) {
    const script = join(root, 'examples', 'react-app', 'build.mjs');
    const result = spawnSync(process.execPath, [script], { stdio: 'inherit' });
    if (result.status !== 0) {
      throw new Error('building examples/react-app failed (see above)');
    }
  }
  return exampleDist;
}

/** Returns the server binary, or throws saying how to build one. */
export function serverBinary(): string {
  const binary = findServerBinary(root);
  if (binary === undefined) {
    throw new Error(
      'no sessioncore-server binary: build the native preset ' +
        '(./sessioncore build) or set SESSIONCORE_SERVER',
    );
  }
  return binary;
}
