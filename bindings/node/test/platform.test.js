'use strict';
// Which native library the package loads: each platform's own, chosen by process.platform,
// process.arch and, on Linux, the C library; a clear error for a platform it does not carry; and
// SHARPAPI_WEBHOOKS_LIBRARY, which names another file.

const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it } = require('node:test');
const {
  LIBRARY_ENV,
  PLATFORMS,
  currentPlatform,
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
      const glibc = currentPlatform();
      report.getReport = () => ({ header: {} });
      const musl = currentPlatform();
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
      env: { ...process.env, [LIBRARY_ENV]: value },
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
      env: { ...process.env, [LIBRARY_ENV]: '' },
    });
    assert.match(output, /\/prebuilds\/[a-z0-9-]+\/[a-z_.]+ \d+\.\d+\.\d+$/);
  });
});
