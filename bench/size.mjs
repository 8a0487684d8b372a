// Measures what a browser downloads for each client SDK: every JavaScript
// entry is bundled with esbuild (minified, browser, IIFE) and every file is
// compressed with gzip -9, then summed. sessioncore counts its script-tag
// build ts/dist/ot.js (the whole TypeScript API with the Emscripten glue)
// plus sessioncore_core.wasm.
//
//   node bench/size.mjs [--dist DIST] [--compare DIR]
//
// DIST is the folder that contains ot.js and sessioncore_core.wasm (default
// ts/dist), so that a module built in another folder can be measured the
// same way. DIR is a scratch npm folder holding @opentok/client and livekit-client
// (npm install @opentok/client livekit-client), kept out of this
// repository's package.json; without it only sessioncore is measured.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, gzipSync } from 'node:zlib';

import * as esbuild from 'esbuild';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

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

const compareDir = optionValue('--compare');
const dist = optionValue('--dist') ?? join(root, 'ts', 'dist');

function gzipSize(bytes) {
  return gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length;
}

// Bundles `contents` (an ES module importing the SDK) resolved from
// `resolveDir` and returns the minified bytes.
async function bundle(contents, resolveDir) {
  const result = await esbuild.build({
    stdin: { contents, resolveDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].contents;
}

function versionOf(packageDir) {
  return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'))
    .version;
}

function row(name, version, files) {
  const raw = files.reduce((sum, file) => sum + file.bytes.length, 0);
  const gzip = files.reduce((sum, file) => sum + gzipSize(file.bytes), 0);
  return {
    name,
    version,
    files: files.map((file) => file.label).join(' + '),
    raw,
    gzip,
  };
}

async function measureSessioncore() {
  const script = readFileSync(join(dist, 'ot.js'));
  const wasm = readFileSync(join(dist, 'sessioncore_core.wasm'));
  return [
    row('sessioncore', versionOf(join(root, 'ts')), [
      { label: 'ot.js', bytes: script },
      { label: 'sessioncore_core.wasm', bytes: wasm },
    ]),
    row('sessioncore (JS only)', versionOf(join(root, 'ts')), [
      { label: 'ot.js', bytes: script },
    ]),
    row('sessioncore (wasm only)', versionOf(join(root, 'ts')), [
      { label: 'sessioncore_core.wasm', bytes: wasm },
    ]),
  ];
}

async function measurePackage(name, entry) {
  const packageDir = join(compareDir, 'node_modules', name);
  const bytes = await bundle(entry, compareDir);
  return row(name, versionOf(packageDir), [
    { label: 'bundle of the package entry', bytes },
  ]);
}

const rows = await measureSessioncore();
if (compareDir !== undefined) {
  rows.push(
    await measurePackage(
      '@opentok/client',
      "import OT from '@opentok/client'; window.OT = OT;",
    ),
    await measurePackage(
      'livekit-client',
      "import * as LK from 'livekit-client'; window.LivekitClient = LK;",
    ),
  );
}

const kb = (bytes) => (bytes / 1024).toFixed(1);
console.log('| client | version | minified KB | gzip -9 KB | files |');
console.log('|---|---|---|---|---|');
for (const { name, version, files, raw, gzip } of rows) {
  console.log(`| ${name} | ${version} | ${kb(raw)} | ${kb(gzip)} | ${files} |`);
}
