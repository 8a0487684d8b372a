// Builds the pages the React browser tests load: the test harness (React's
// development build, so StrictMode double-mounts) and, when missing, the
// example app. Both import the npm package from ts/dist. The harness can be
// built against React 19 (the `react` package) or React 18 (the `react-18`
// and `react-dom-18` npm aliases in the root package.json).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import * as esbuild from 'esbuild';

import { findServerBinary } from '../support/server.js';

const root = process.cwd();
const tsDist = process.env.SESSIONCORE_TS_DIST ?? join(root, 'ts', 'dist');
const harnessSource = join(root, 'tests', 'e2e', 'react-harness');

/** A React major version the harness can be built against. */
export type ReactVersion = '18' | '19';

/** The React versions the components support, newest first. */
export const reactVersions: readonly ReactVersion[] = ['19', '18'];

/** The folder of the harness page built against React 19. */
export const harnessDist = join(root, 'build', 'playwright-react', 'harness');

// Maps React's package names to the aliased React 18 packages. esbuild
// applies an alias to subpaths too (react/jsx-runtime, react-dom/client)
// and to imports inside node_modules, so react-dom-18 gets React 18 as
// well. npm cannot see that, so package.json overrides react-dom-18's react
// peer dependency with the root react to let `npm ci` accept the tree.
const react18Aliases = { react: 'react-18', 'react-dom': 'react-dom-18' };

function harnessFolder(react: ReactVersion): string {
  return react === '19' ? harnessDist : `${harnessDist}-react${react}`;
}

/** The folder of the built example app. */
export const exampleDist = join(root, 'examples', 'react-app', 'dist');

/**
 * Bundles harness.tsx against the given React version (19 by default) and
 * copies index.html and the .wasm file beside it. Returns the folder.
 */
export async function buildHarness(
  react: ReactVersion = '19',
): Promise<string> {
  const dist = harnessFolder(react);
  mkdirSync(dist, { recursive: true });
  await esbuild.build({
    entryPoints: [join(harnessSource, 'harness.tsx')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    outfile: join(dist, 'harness.js'),
    alias: {
      'sessioncore/react': join(tsDist, 'react', 'index.js'),
      sessioncore: join(tsDist, 'index.js'),
      ...(react === '18' ? react18Aliases : {}),
    },
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'warning',
  });
  copyFileSync(join(harnessSource, 'index.html'), join(dist, 'index.html'));
  copyFileSync(
    join(tsDist, 'sessioncore_core.wasm'),
    join(dist, 'sessioncore_core.wasm'),
  );
  return dist;
}

/**
 * Returns the folder of the example app built against `react`: for React
 * 19 the app that ./sessioncore build made (built now when missing), for
 * React 18 a fresh bundle under build/playwright-react with the React 18
 * aliases.
 */
export async function buildExample(
  react: ReactVersion = '19',
): Promise<string> {
  if (react === '19') {
    return ensureExampleBuilt();
  }
  const appRoot = join(root, 'examples', 'react-app');
  const dist = join(root, 'build', 'playwright-react', `example-react${react}`);
  mkdirSync(dist, { recursive: true });
  await esbuild.build({
    entryPoints: [join(appRoot, 'src', 'main.tsx')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    outfile: join(dist, 'app.js'),
    alias: {
      'sessioncore/react': join(tsDist, 'react', 'index.js'),
      sessioncore: join(tsDist, 'index.js'),
      ...react18Aliases,
    },
    define: { 'process.env.NODE_ENV': '"production"' },
    minify: true,
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'app.css']) {
    copyFileSync(join(appRoot, file), join(dist, file));
  }
  copyFileSync(
    join(tsDist, 'sessioncore_core.wasm'),
    join(dist, 'sessioncore_core.wasm'),
  );
  return dist;
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
