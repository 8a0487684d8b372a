// Builds the browser client into ts/dist:
//   - the npm package: ES modules and .d.ts files compiled by tsc from
//     ts/src and from the browser glue in web/ (as dist/web/), with the
//     WebAssembly core (sessioncore_core.mjs and .wasm) beside them;
//   - ot.js: one minified script that defines the `OT` global, for pages
//     that load sessioncore with a script tag (built when src/ot-global.ts
//     exists).
//
//   node ts/build.mjs [--wasm-dir DIR] [--out-dir DIR]
//
// --wasm-dir is the folder that contains sessioncore_core.mjs and .wasm
// (default build/wasm/wasm). --out-dir replaces ts/dist, so that a module
// built in another folder can be packaged without touching the shared output.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';
import * as terser from 'terser';

// Returns the value after `flag` on the command line, or undefined when the
// flag is absent; throws when the flag is the last argument.
function optionValue(flag) {
  const index = process.argv.indexOf(flag);
  if (index === -1) return undefined;
  if (index + 1 >= process.argv.length) {
    throw new Error(`missing value after ${flag}: pass a folder path`);
  }
  return process.argv[index + 1];
}

const tsRoot = dirname(fileURLToPath(import.meta.url));
const root = dirname(tsRoot);
const dist = resolve(optionValue('--out-dir') ?? join(tsRoot, 'dist'));
const wasmBuild = resolve(
  optionValue('--wasm-dir') ?? join(root, 'build', 'wasm', 'wasm'),
);

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
  [
    join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    tsRoot,
    '--outDir',
    dist,
  ],
  { stdio: 'inherit' },
);
// tsc mirrors the repository layout as dist/ts/src/ and dist/web/. The
// package keeps the output of ts/src/ at its top, beside web/.
const compiledSources = join(dist, 'ts', 'src');
for (const entry of readdirSync(compiledSources)) {
  renameSync(join(compiledSources, entry), join(dist, entry));
}
rmSync(join(dist, 'ts'), { recursive: true });
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
  const bundled = await esbuild.build({
    entryPoints: [join(dist, 'ot-global.js')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
  });
  // terser's compressor, run twice over esbuild's minified output, removes
  // about 1.4 KB gzip more (terser 5.51.4, esbuild 0.28.2).
  const minified = await terser.minify(bundled.outputFiles[0].text, {
    ecma: 2020,
    compress: { passes: 2 },
  });
  writeFileSync(join(dist, 'ot.js'), minified.code);
}
console.log(`ts: built ${dist}`);
