'use strict';
// Which engine the package's main entry runs in Node.js, and which of its native libraries the
// native engine loads: one per platform in prebuilds/<rid>/, named by the project's RIDs (the .NET
// runtime identifiers that scripts/build_targets.sh builds), or the file that
// SHARPAPI_WEBHOOKS_LIBRARY names.

const path = require('node:path');

/** The environment variable that names a library file to load instead of the package's own. */
const LIBRARY_ENV = 'SHARPAPI_WEBHOOKS_LIBRARY';
/** The environment variable that chooses the engine in Node.js: "native" or "wasm". */
const ENGINE_ENV = 'SHARPAPI_WEBHOOKS_ENGINE';
const ENGINES = ['native', 'wasm'];

/**
 * Every platform the package carries: its RID (the folder under prebuilds/), Node's
 * process.platform and process.arch, the C library on Linux, and the library's file name.
 */
const PLATFORMS = [
  { rid: 'linux-x64', os: 'linux', cpu: 'x64', libc: 'glibc', file: 'libsharpapi_webhooks.so' },
  { rid: 'linux-arm64', os: 'linux', cpu: 'arm64', libc: 'glibc', file: 'libsharpapi_webhooks.so' },
  { rid: 'linux-musl-x64', os: 'linux', cpu: 'x64', libc: 'musl', file: 'libsharpapi_webhooks.so' },
  {
    rid: 'linux-musl-arm64',
    os: 'linux',
    cpu: 'arm64',
    libc: 'musl',
    file: 'libsharpapi_webhooks.so',
  },
  { rid: 'osx-x64', os: 'darwin', cpu: 'x64', libc: null, file: 'libsharpapi_webhooks.dylib' },
  { rid: 'osx-arm64', os: 'darwin', cpu: 'arm64', libc: null, file: 'libsharpapi_webhooks.dylib' },
  { rid: 'win-x64', os: 'win32', cpu: 'x64', libc: null, file: 'sharpapi_webhooks.dll' },
];

/**
 * The C library of this Linux process: "glibc" when Node's diagnostic report has the glibc
 * version it runs with (`header.glibcVersionRuntime`, which only glibc builds of Node fill in),
 * "musl" otherwise. The report is made without its network section (~4 ms instead of ~9 ms).
 */
function linuxLibc() {
  const report = process.report;
  const excludeNetwork = report.excludeNetwork;
  if (excludeNetwork !== undefined) report.excludeNetwork = true;
  try {
    return report.getReport().header.glibcVersionRuntime ? 'glibc' : 'musl';
  } finally {
    if (excludeNetwork !== undefined) report.excludeNetwork = excludeNetwork;
  }
}

/** This process's platform: { os, cpu, libc }, libc null outside Linux; found anew each call. */
function detectPlatform() {
  const os = process.platform;
  return { os, cpu: process.arch, libc: os === 'linux' ? linuxLibc() : null };
}

let found = null;

/** This process's platform, as detectPlatform finds it the first time (~4 ms on Linux). */
function currentPlatform() {
  found ??= detectPlatform();
  return { ...found };
}

/** "linux-arm64 (musl)", "darwin-x64": a platform as the messages name it. */
function describe({ os, cpu, libc }) {
  return libc ? `${os}-${cpu} (${libc})` : `${os}-${cpu}`;
}

/** The package's entry of PLATFORMS for `platform`, or undefined when it carries none. */
function platformFor({ os, cpu, libc }) {
  return PLATFORMS.find(
    (entry) => entry.os === os && entry.cpu === cpu && (os !== 'linux' || entry.libc === libc),
  );
}

/**
 * The library file for the native engine to load: SHARPAPI_WEBHOOKS_LIBRARY's when it is set and
 * not empty, else the package's own for `platform` (by default this process's). Throws, naming
 * the platform and the ones the package carries, when it carries none for it.
 */
function libraryPath(env = process.env, platform = undefined) {
  const override = env[LIBRARY_ENV];
  if (override) {
    return override;
  }
  const here = platform ?? currentPlatform();
  const entry = platformFor(here);
  if (entry === undefined) {
    throw new Error(
      `sharpapi-webhooks has no native library for this platform, ${describe(here)}: it carries ` +
        `${PLATFORMS.map(describe).join(', ')}. Build the library for yours from the project's ` +
        `repository and set ${LIBRARY_ENV} to its path, or run the WebAssembly engine ` +
        `(unset ${ENGINE_ENV}, or import sharpapi-webhooks/wasm).`,
    );
  }
  return path.join(__dirname, '..', 'prebuilds', entry.rid, entry.file);
}

/**
 * The engine that the package's main entry runs: `{ engine, forced }`, engine "native" or "wasm".
 * SHARPAPI_WEBHOOKS_ENGINE's when it is set and not empty (forced; any other value throws); native
 * when SHARPAPI_WEBHOOKS_LIBRARY names a library (forced too); else native where the package
 * carries the library of `platform` (by default this process's), and wasm where it carries none.
 */
function engineChoice(env = process.env, platform = undefined) {
  const asked = env[ENGINE_ENV];
  if (asked) {
    if (!ENGINES.includes(asked)) {
      throw new Error(
        `${ENGINE_ENV} is ${JSON.stringify(asked)}: set it to "native" or "wasm", or leave it unset to let sharpapi-webhooks choose`,
      );
    }
    return { engine: asked, forced: true };
  }
  if (env[LIBRARY_ENV]) {
    return { engine: 'native', forced: true };
  }
  const carried = platformFor(platform ?? currentPlatform()) !== undefined;
  return { engine: carried ? 'native' : 'wasm', forced: false };
}

module.exports = {
  ENGINE_ENV,
  LIBRARY_ENV,
  PLATFORMS,
  currentPlatform,
  detectPlatform,
  describe,
  engineChoice,
  platformFor,
  libraryPath,
};
