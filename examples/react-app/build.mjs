// Builds the React example into examples/react-app/dist: one ES module
// bundle (app.js) with React and sessioncore, the WebAssembly core beside
// it, and the static files. Needs the npm package built first
// (node ts/build.mjs, part of ./sessioncore build).
//
//   node examples/react-app/build.mjs [--development]
//
// --development bundles React's development build, which runs StrictMode's
// double mounting and prints React's warnings. SESSIONCORE_TS_DIST points
// at another build of the npm package than ts/dist.
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

const appRoot = dirname(fileURLToPath(import.meta.url));
const root = join(appRoot, '..', '..');
const tsDist = process.env.SESSIONCORE_TS_DIST ?? join(root, 'ts', 'dist');
const dist = join(appRoot, 'dist');
const development = process.argv.includes('--development');

for (const file of ['index.js', 'react/index.js', 'sessioncore_core.wasm']) {
  if (!existsSync(join(tsDist, file))) {
    throw new Error(
      `missing ${join(tsDist, file)}: build the npm package first ` +
        '(node ts/build.mjs)',
    );
  }
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
await esbuild.build({
  entryPoints: [join(appRoot, 'src', 'main.tsx')],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  outfile: join(dist, 'app.js'),
  // The app imports the package by name, as an app using sessioncore from
  // npm would; here the names point at the freshly built ts/dist.
  alias: {
    'sessioncore/react': join(tsDist, 'react', 'index.js'),
    sessioncore: join(tsDist, 'index.js'),
  },
  define: {
    'process.env.NODE_ENV': JSON.stringify(
      development ? 'development' : 'production',
    ),
  },
  minify: !development,
  sourcemap: development,
  logLevel: 'warning',
});
// The core finds its .wasm file beside the module that loads it.
copyFileSync(
  join(tsDist, 'sessioncore_core.wasm'),
  join(dist, 'sessioncore_core.wasm'),
);
for (const file of ['index.html', 'app.css']) {
  copyFileSync(join(appRoot, file), join(dist, file));
}
console.log(`react-app: built ${dist}`);
