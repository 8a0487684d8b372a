// Measures what a browser downloads for each client SDK: every JavaScript
// entry is bundled with esbuild (minified, browser, IIFE) and every file is
// compressed with gzip -9, then summed. sessioncore counts its script-tag
// build ts/dist/ot.js (the whole TypeScript API with the Emscripten glue)
// plus sessioncore_core.wasm.
//
//   node bench/size.mjs [--dist DIST] [--compare DIR]
//   node bench/size.mjs --functions WASM [--match REGEX] [--top N]
//
// DIST is the folder that contains ot.js and sessioncore_core.wasm (default
// ts/dist), so that a module built in another folder can be measured the
// same way. DIR is a scratch npm folder holding @opentok/client and livekit-client
// (npm install @opentok/client livekit-client), kept out of this
// repository's package.json; without it only sessioncore is measured.
//
// --functions attributes the code of a .wasm file to where it comes from,
// by the function names in its "name" section, and lists the N largest
// functions (default 25) whose names match REGEX (default all). Build the
// module with -DSESSIONCORE_WASM_FUNCTION_NAMES=ON to keep the names (see
// wasm/CMakeLists.txt).
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
const functionsWasm = optionValue('--functions');
const functionPattern = new RegExp(optionValue('--match') ?? '');
const topCount = Number(optionValue('--top') ?? 25);
if (!Number.isInteger(topCount) || topCount < 0) {
  throw new Error(`invalid --top ${optionValue('--top')}: pass a whole number`);
}

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

// A cursor over a wasm binary, reading the encodings of the WebAssembly
// binary format (unsigned LEB128 integers and length-prefixed names).
class WasmReader {
  constructor(bytes, offset = 0) {
    this.bytes = bytes;
    this.offset = offset;
  }

  byte() {
    return this.bytes[this.offset++];
  }

  unsigned() {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      byte = this.byte();
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  }

  name() {
    const length = this.unsigned();
    const start = this.offset;
    this.offset += length;
    return Buffer.from(this.bytes.subarray(start, this.offset)).toString();
  }
}

// Returns the module's sections as { id, name, start, end }, where name is
// set for custom sections and start..end is the payload after it.
function wasmSections(bytes) {
  const reader = new WasmReader(bytes, 8);
  const sections = [];
  while (reader.offset < bytes.length) {
    const id = reader.byte();
    const size = reader.unsigned();
    const end = reader.offset + size;
    const name = id === 0 ? reader.name() : undefined;
    sections.push({ id, name, start: reader.offset, end });
    reader.offset = end;
  }
  return sections;
}

// Skips one import entry after its two names and returns true when it
// imports a function.
function skipImportKind(reader) {
  const kind = reader.byte();
  if (kind === 0) reader.unsigned();
  if (kind === 1) reader.byte();
  if (kind === 1 || kind === 2) {
    const flags = reader.byte();
    reader.unsigned();
    if (flags & 1) reader.unsigned();
  }
  if (kind === 3) reader.offset += 2;
  return kind === 0;
}

function countFunctionImports(bytes, section) {
  const reader = new WasmReader(bytes, section.start);
  let functions = 0;
  for (let count = reader.unsigned(); count > 0; --count) {
    reader.name();
    reader.name();
    if (skipImportKind(reader)) ++functions;
  }
  return functions;
}

// Returns a Map from function index to name, from the "name" section.
function functionNames(bytes, section) {
  const names = new Map();
  const reader = new WasmReader(bytes, section.start);
  while (reader.offset < section.end) {
    const id = reader.byte();
    const end = reader.unsigned() + reader.offset;
    if (id === 1) {
      for (let count = reader.unsigned(); count > 0; --count) {
        const index = reader.unsigned();
        names.set(index, reader.name());
      }
    }
    reader.offset = end;
  }
  return names;
}

// Returns [{ name, size }] for every function body in the code section.
function functionSizes(bytes) {
  const sections = wasmSections(bytes);
  const imports = sections.find((section) => section.id === 2);
  const code = sections.find((section) => section.id === 10);
  const nameSection = sections.find((section) => section.name === 'name');
  if (code === undefined || nameSection === undefined) {
    throw new Error(
      'the module has no code or no "name" section: link it with ' +
        '-DSESSIONCORE_WASM_FUNCTION_NAMES=ON',
    );
  }
  const firstIndex = imports ? countFunctionImports(bytes, imports) : 0;
  const names = functionNames(bytes, nameSection);
  const reader = new WasmReader(bytes, code.start);
  const functions = [];
  for (let i = 0, count = reader.unsigned(); i < count; ++i) {
    const start = reader.offset;
    const bodySize = reader.unsigned();
    reader.offset += bodySize;
    const name = names.get(firstIndex + i) ?? `function ${firstIndex + i}`;
    functions.push({ name, size: reader.offset - start });
  }
  return { functions, sections };
}

// Origins in order of precedence: a function belongs to the first origin
// whose pattern matches its name up to the parameter list, so std::
// templates instantiated for a project type count for that type. The JSON
// row also catches any other function of the core with one of the JSON
// writer's helper names, so treat the rows as estimates.
const origins = [
  ['nlohmann/json', /nlohmann::/],
  [
    'Abseil Cord and status payloads',
    /absl::[\w:]*(Cord|cord)|status_internal::Payload|ToStringSlow/,
  ],
  [
    'Abseil synchronization',
    /absl::[\w:]*(Mutex|CondVar|synchronization|SpinLock|Waiter|PerThread|KernelTimeout)/,
  ],
  ['Abseil, other', /absl::/],
  [
    'sessioncore JSON (src/core/json)',
    /sessioncore::(Json\b|JsonParser|ParseJson|\(anonymous namespace\)::(Append(Integer|EscapedByte|String|Value|Array|Object)|NullJson|EmptyString|KeyLess)\b)/,
  ],
  ['Embind bindings (wasm/)', /sessioncore::wasm::/],
  ['Embind runtime', /emscripten::|embind|_embind/],
  ['sessioncore core', /sessioncore::/],
  ['other libc++', /std::/],
];

function originOf(name) {
  const parameters = name.indexOf('(');
  const qualifiedName = parameters === -1 ? name : name.slice(0, parameters);
  const origin = origins.find(([, pattern]) => pattern.test(qualifiedName));
  return origin ? origin[0] : 'libc, malloc and unnamed';
}

function printOriginTable(functions, codeBytes) {
  const totals = new Map();
  for (const { name, size } of functions) {
    const origin = originOf(name);
    totals.set(origin, (totals.get(origin) ?? 0) + size);
  }
  console.log('\n| origin | code KB | share |\n|---|---|---|');
  for (const [origin, size] of [...totals].sort((a, b) => b[1] - a[1])) {
    const share = ((100 * size) / codeBytes).toFixed(0);
    console.log(`| ${origin} | ${kb(size)} | ${share} % |`);
  }
}

function printLargestFunctions(functions) {
  const matching = functions
    .filter(({ name }) => functionPattern.test(name))
    .sort((a, b) => b.size - a.size);
  const total = matching.reduce((sum, { size }) => sum + size, 0);
  console.log(
    `\n${matching.length} functions match ${functionPattern}, ` +
      `${kb(total)} KB; the largest:\n\n| function | bytes |\n|---|---|`,
  );
  for (const { name, size } of matching.slice(0, topCount)) {
    console.log(`| \`${name.slice(0, 120)}\` | ${size} |`);
  }
}

function printFunctionAttribution(path) {
  const bytes = readFileSync(path);
  const { functions, sections } = functionSizes(bytes);
  const codeBytes = functions.reduce((sum, { size }) => sum + size, 0);
  const data = sections.find((section) => section.id === 11);
  const dataBytes = data ? data.end - data.start : 0;
  console.log(
    `${path}: ${kb(bytes.length)} KB, code ${kb(codeBytes)} KB, ` +
      `data ${kb(dataBytes)} KB, ${functions.length} functions`,
  );
  printOriginTable(functions, codeBytes);
  printLargestFunctions(functions);
}

const kb = (bytes) => (bytes / 1024).toFixed(1);
if (functionsWasm !== undefined) {
  printFunctionAttribution(functionsWasm);
  process.exit(0);
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

console.log('| client | version | minified KB | gzip -9 KB | files |');
console.log('|---|---|---|---|---|');
for (const { name, version, files, raw, gzip } of rows) {
  console.log(`| ${name} | ${version} | ${kb(raw)} | ${kb(gzip)} | ${files} |`);
}
