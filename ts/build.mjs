// Builds the browser client into ts/dist:
//   - the npm package: ES modules and .d.ts files compiled by tsc, with the
//     WebAssembly core (sessioncore_core.mjs and .wasm) beside them;
//   - ot.js: one minified script that defines the `OT` global, for pages
//     that load sessioncore with a script tag (built when src/ot-global.ts
//     exists).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

const tsRoot = dirname(fileURLToPath(import.meta.url));
const root = dirname(tsRoot);
const dist = join(tsRoot, 'dist');
const wasmBuild = join(root, 'build', 'wasm', 'wasm');

for (const file of ['sessioncore_core.mjs', 'sessioncore_core.wasm']) {
  if (!existsSync(join(wasmBuild, file))) {
    throw new Error(
      `missing ${join(wasmBuild, file)}: build the wasm preset first ` +
        '(./sessioncore build)',
    );
  }
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
execFileSync(
  process.execPath,
  [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tsRoot],
  { stdio: 'inherit' },
);
for (const file of ['sessioncore_core.mjs', 'sessioncore_core.wasm']) {
  copyFileSync(join(wasmBuild, file), join(dist, file));
}
copyFileSync(
  join(tsRoot, 'src', 'sessioncore_core.d.mts'),
  join(dist, 'sessioncore_core.d.mts'),
);

const globalEntry = join(tsRoot, 'src', 'ot-global.ts');
if (existsSync(globalEntry)) {
  // Bundled from the compiled dist/ot-global.js, beside which tsc's output
  // and the copied sessioncore_core.mjs resolve.
  await esbuild.build({
    entryPoints: [join(dist, 'ot-global.js')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2022',
    outfile: join(dist, 'ot.js'),
    logLevel: 'warning',
  });
}
console.log(`ts: built ${dist}`);
