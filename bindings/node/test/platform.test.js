'use strict';
// Which engine the package runs in Node.js (native where it carries the platform's library,
// WebAssembly elsewhere, or SHARPAPI_WEBHOOKS_ENGINE's), and which native library it loads: each
// platform's own, chosen by process.platform, process.arch and, on Linux, the C library; a clear
// error for a platform it does not carry; and SHARPAPI_WEBHOOKS_LIBRARY, which names another file.

const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it } = require('node:test');
const {
  ENGINE_ENV,
  LIBRARY_ENV,
  PLATFORMS,
  currentPlatform,
  detectPlatform,
  engineChoice,
  libraryPath,
  platformFor,
} = require('../lib/platform');

const PACKAGE = path.join(__dirname, '..');
const prebuilt = (rid, file) => path.join(PACKAGE, 'prebuilds', rid, file);

describe('the platform', () => {
  it('picks each carried platform its own library', () => {
    const cases = [
      [{ os: 'linux', cpu: 'x64', libc: 'glibc' }, 'linux-x64', 'libsharpapi_webhooks.so'],
      [{ os: 'linux', cpu: 'arm64', libc: 'glibc' }, 'linux-arm64', 'libsharpapi_webhooks.so'],
      [{ os: 'linux', cpu: 'x64', libc: 'musl' }, 'linux-musl-x64', 'libsharpapi_webhooks.so'],
      [{ os: 'linux', cpu: 'arm64', libc: 'musl' }, 'linux-musl-arm64', 'libsharpapi_webhooks.so'],
      [{ os: 'darwin', cpu: 'x64', libc: null }, 'osx-x64', 'libsharpapi_webhooks.dylib'],
      [{ os: 'darwin', cpu: 'arm64', libc: null }, 'osx-arm64', 'libsharpapi_webhooks.dylib'],
      [{ os: 'win32', cpu: 'x64', libc: null }, 'win-x64', 'sharpapi_webhooks.dll'],
    ];
    assert.deepEqual(
      PLATFORMS.map((platform) => platform.rid),
      cases.map(([, rid]) => rid),
    );
    for (const [platform, rid, file] of cases) {
      assert.equal(platformFor(platform).rid, rid);
      assert.equal(libraryPath({}, platform), prebuilt(rid, file));
    }
  });

  it('names the platform and the carried ones when it carries none for it', () => {
    for (const [platform, named] of [
      [{ os: 'linux', cpu: 'ia32', libc: 'glibc' }, 'linux-ia32 (glibc)'],
      [{ os: 'linux', cpu: 'riscv64', libc: 'musl' }, 'linux-riscv64 (musl)'],
      [{ os: 'win32', cpu: 'arm64', libc: null }, 'win32-arm64'],
      [{ os: 'freebsd', cpu: 'x64', libc: null }, 'freebsd-x64'],
    ]) {
      assert.equal(platformFor(platform), undefined);
      assert.throws(
        () => libraryPath({}, platform),
        (error) =>
          error.message.startsWith(
            `sharpapi-webhooks has no native library for this platform, ${named}: it carries ` +
              'linux-x64 (glibc), linux-arm64 (glibc), linux-x64 (musl), linux-arm64 (musl), ' +
              'darwin-x64, darwin-arm64, win32-x64.',
          ) && error.message.includes(LIBRARY_ENV),
      );
    }
  });

  it('takes the library SHARPAPI_WEBHOOKS_LIBRARY names, on any platform, when set', () => {
    const file = '/opt/lib/libsharpapi_webhooks.so';
    assert.equal(libraryPath({ [LIBRARY_ENV]: file }, { os: 'freebsd', cpu: 'x64' }), file);
    assert.equal(
      libraryPath({ [LIBRARY_ENV]: file }, { os: 'linux', cpu: 'x64', libc: 'musl' }),
      file,
    );
    // Empty is unset.
    const platform = { os: 'linux', cpu: 'x64', libc: 'glibc' };
    assert.equal(libraryPath({ [LIBRARY_ENV]: '' }, platform), libraryPath({}, platform));
  });

  it("tells glibc from musl by the diagnostic report's glibc version", () => {
    const report = process.report;
    const { getReport, excludeNetwork } = report;
    try {
      report.getReport = () => ({ header: { glibcVersionRuntime: '2.31' } });
      const glibc = detectPlatform();
      report.getReport = () => ({ header: {} });
      const musl = detectPlatform();
      if (process.platform === 'linux') {
        assert.deepEqual([glibc.libc, musl.libc], ['glibc', 'musl']);
      } else {
        assert.deepEqual([glibc.libc, musl.libc], [null, null]);
      }
    } finally {
      report.getReport = getReport;
    }
    assert.equal(report.excludeNetwork, excludeNetwork, 'the report setting is restored');
  });

  it("loads this machine's library from the package's prebuilds", () => {
    const here = currentPlatform();
    assert.deepEqual(here, {
      os: process.platform,
      cpu: process.arch,
      libc:
        process.platform === 'linux'
          ? process.report.getReport().header.glibcVersionRuntime
            ? 'glibc'
            : 'musl'
          : null,
    });
    const { libraryFile } = require('../lib/native');
    const entry = platformFor(here);
    assert.equal(libraryFile, prebuilt(entry.rid, entry.file));
    assert.ok(fs.existsSync(libraryFile));
  });
});

describe('SHARPAPI_WEBHOOKS_LIBRARY', () => {
  const script = `
    const webhooks = require('sharpapi-webhooks');
    process.stdout.write(require('../lib/native').libraryFile + ' ' + webhooks.nativeVersion);`;
  const run = (value) =>
    spawnSync(process.execPath, ['-e', script], {
      cwd: __dirname,
      encoding: 'utf8',
      env: { ...process.env, [ENGINE_ENV]: '', [LIBRARY_ENV]: value },
    });

  it('loads the file it names', () => {
    // A copy elsewhere: the package's own file would prove nothing.
    const { libraryFile } = require('../lib/native');
    const folder = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'sharpapi-library-'));
    const copy = path.join(folder, path.basename(libraryFile));
    try {
      fs.copyFileSync(libraryFile, copy);
      const result = run(copy);
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, `${copy} ${require('../package.json').version}`);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('fails naming the variable and the file when the file does not load', () => {
    const result = run('/nonexistent/libsharpapi_webhooks.so');
    assert.notEqual(result.status, 0);
    assert.match(
      result.stderr,
      /sharpapi-webhooks: cannot load SHARPAPI_WEBHOOKS_LIBRARY's native library \/nonexistent\/libsharpapi_webhooks\.so: /,
    );
  });

  it('is not needed: unset, the package loads its own', () => {
    const output = execFileSync(process.execPath, ['-e', script], {
      cwd: __dirname,
      encoding: 'utf8',
      env: { ...process.env, [ENGINE_ENV]: '', [LIBRARY_ENV]: '' },
    });
    assert.match(output, /\/prebuilds\/[a-z0-9-]+\/[a-z_.]+ \d+\.\d+\.\d+$/);
  });
});

describe('the engine', () => {
  const linux = { os: 'linux', cpu: 'x64', libc: 'glibc' };

  it('is native where the package carries the library, WebAssembly elsewhere', () => {
    for (const platform of PLATFORMS) {
      assert.deepEqual(
        engineChoice({}, { os: platform.os, cpu: platform.cpu, libc: platform.libc }),
        {
          engine: 'native',
          forced: false,
        },
      );
    }
    for (const platform of [
      { os: 'linux', cpu: 'riscv64', libc: 'glibc' },
      { os: 'win32', cpu: 'arm64', libc: null },
      { os: 'freebsd', cpu: 'x64', libc: null },
      { os: 'linux', cpu: 'ia32', libc: 'musl' },
    ]) {
      assert.deepEqual(engineChoice({}, platform), { engine: 'wasm', forced: false });
    }
  });

  it('is the one SHARPAPI_WEBHOOKS_ENGINE names, on any platform; empty is unset', () => {
    const riscv = { os: 'linux', cpu: 'riscv64', libc: 'glibc' };
    assert.deepEqual(engineChoice({ [ENGINE_ENV]: 'wasm' }, linux), {
      engine: 'wasm',
      forced: true,
    });
    assert.deepEqual(engineChoice({ [ENGINE_ENV]: 'native' }, riscv), {
      engine: 'native',
      forced: true,
    });
    assert.deepEqual(engineChoice({ [ENGINE_ENV]: '' }, linux), {
      engine: 'native',
      forced: false,
    });
    // SHARPAPI_WEBHOOKS_LIBRARY asks for the native engine, unless the engine is named.
    assert.deepEqual(engineChoice({ [LIBRARY_ENV]: '/x.so' }, riscv), {
      engine: 'native',
      forced: true,
    });
    assert.deepEqual(engineChoice({ [LIBRARY_ENV]: '/x.so', [ENGINE_ENV]: 'wasm' }, linux), {
      engine: 'wasm',
      forced: true,
    });
    for (const value of ['WASM', 'koffi', 'auto', ' wasm']) {
      assert.throws(() => engineChoice({ [ENGINE_ENV]: value }, linux), {
        message: `${ENGINE_ENV} is ${JSON.stringify(value)}: set it to "native" or "wasm", or leave it unset to let sharpapi-webhooks choose`,
      });
    }
  });

  const run = (script, env, ...flags) =>
    spawnSync(process.execPath, [...flags, '-e', script], {
      cwd: __dirname,
      encoding: 'utf8',
      env: { ...process.env, [ENGINE_ENV]: '', [LIBRARY_ENV]: '', ...env },
    });
  const report = `
    const webhooks = require('sharpapi-webhooks');
    const loaded = Object.keys(require.cache).filter((file) => /[\\/](koffi|wasm)[\\/]/.test(file));
    process.stdout.write(webhooks.engine + ' ' + loaded.some((file) => file.includes('koffi')) + ' ' +
      loaded.some((file) => file.endsWith('sharpapi_webhooks_wasm.cjs')));`;

  it('loads only what it runs: Koffi for the native engine, the .wasm for the other', () => {
    assert.equal(run(report, {}).stdout, 'native true false');
    assert.equal(run(report, { [ENGINE_ENV]: 'wasm' }).stdout, 'wasm false true');
  });

  it('falls back to WebAssembly, with a warning, when the native library does not load', () => {
    // Koffi refused, as on a system where its binary cannot load.
    const refuseKoffi = `
      const Module = require('node:module');
      const load = Module._load;
      Module._load = function (request, ...rest) {
        if (request === 'koffi') throw new Error('koffi is not here');
        return load.call(this, request, ...rest);
      };`;
    const fellBack = run(refuseKoffi + report, {});
    assert.equal(fellBack.stdout, 'wasm false true', fellBack.stderr);
    assert.match(
      fellBack.stderr,
      /\[SHARPAPI_WEBHOOKS_ENGINE_FALLBACK\] sharpapi-webhooks: the native library did not load, so the WebAssembly engine runs instead: koffi is not here\. Set SHARPAPI_WEBHOOKS_ENGINE=wasm to choose it, or SHARPAPI_WEBHOOKS_ENGINE=native to make this an error\./,
    );
    // Asked for by name, the native engine fails instead.
    const forced = run(refuseKoffi + report, { [ENGINE_ENV]: 'native' });
    assert.notEqual(forced.status, 0);
    assert.match(forced.stderr, /koffi is not here/);
    assert.doesNotMatch(forced.stderr, /FALLBACK/);
  });
});
