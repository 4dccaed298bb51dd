#!/usr/bin/env node
'use strict';
// Lists the platforms a packed sharpapi-webhooks tarball carries, and exits 1 when one of the
// seven that the project builds (scripts/build_targets.sh) is missing or wrong:
//
//   node bindings/node/check_platforms.js target/node/sharpapi-webhooks-<version>.tgz
//
// From the tarball as packed (extracted into a temporary folder): each platform of the shipped
// lib/platform.js must have its library under prebuilds/<rid>/, built for its OS and processor
// (the ELF, Mach-O or PE header says so; on Linux, the C library it needs too), and the shipped
// package.json's `os` and `cpu` must name exactly the platforms' systems and processors, with no
// `libc` field (npm refuses a package with one on every system but Linux, and the package
// carries both glibc and musl). Plain Node.js and `tar`; no dependency.

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** The seven RIDs of issue 11, which scripts/build_targets.sh builds into target/dist/. */
const REQUIRED = [
  'linux-x64',
  'linux-arm64',
  'linux-musl-x64',
  'linux-musl-arm64',
  'osx-x64',
  'osx-arm64',
  'win-x64',
];

/** What the file's header says it is: "ELF x64 glibc", "Mach-O arm64", "PE x64", or why not. */
function binaryFormat(file) {
  const data = fs.readFileSync(file);
  if (data.subarray(0, 4).equals(Buffer.from('\x7fELF', 'latin1'))) {
    const machine = { 62: 'x64', 183: 'arm64' }[data.readUInt16LE(18)] ?? 'unknown';
    // The C library it links: glibc's soname, or musl's (a musl library needs libc.so).
    const libc = data.includes('\0libc.so.6\0')
      ? 'glibc'
      : data.includes('\0libc.so\0')
        ? 'musl'
        : 'unknown';
    return `ELF ${machine} ${libc}`;
  }
  if (data.length >= 8 && data.readUInt32LE(0) === 0xfeedfacf) {
    const machine = { 0x01000007: 'x64', 0x0100000c: 'arm64' }[data.readUInt32LE(4)] ?? 'unknown';
    return `Mach-O ${machine}`;
  }
  if (data.subarray(0, 2).toString('latin1') === 'MZ') {
    const pe = data.readUInt32LE(0x3c);
    if (data.subarray(pe, pe + 4).equals(Buffer.from('PE\0\0', 'latin1'))) {
      const machine = { 0x8664: 'x64', 0xaa64: 'arm64' }[data.readUInt16LE(pe + 4)] ?? 'unknown';
      return `PE ${machine}`;
    }
  }
  return 'not a library';
}

/** The format a platform's library must have. */
function expectedFormat({ os: system, cpu, libc }) {
  return { linux: `ELF ${cpu} ${libc}`, darwin: `Mach-O ${cpu}`, win32: `PE ${cpu}` }[system];
}

function main(tarball) {
  const problems = [];
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpapi-webhooks-platforms-'));
  try {
    execFileSync('tar', ['-xzf', path.resolve(tarball), '-C', folder]);
    const root = path.join(folder, 'package');
    const { PLATFORMS } = require(path.join(root, 'lib', 'platform.js'));
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

    const rows = [['RID', 'os', 'cpu', 'libc', 'file', 'header', 'bytes']];
    for (const platform of PLATFORMS) {
      const relative = path.posix.join('prebuilds', platform.rid, platform.file);
      const file = path.join(root, relative);
      const present = fs.existsSync(file);
      const format = present ? binaryFormat(file) : 'MISSING';
      const size = present ? String(fs.statSync(file).size) : '-';
      rows.push([
        platform.rid,
        platform.os,
        platform.cpu,
        platform.libc ?? '-',
        relative,
        format,
        size,
      ]);
      if (format !== expectedFormat(platform)) {
        problems.push(`${relative}: ${format}, expected ${expectedFormat(platform)}`);
      }
    }
    const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
    for (const row of rows) {
      console.log(
        row
          .map((cell, column) => cell.padEnd(widths[column]))
          .join('  ')
          .trimEnd(),
      );
    }

    const carried = PLATFORMS.map((platform) => platform.rid);
    for (const rid of REQUIRED) {
      if (!carried.includes(rid)) problems.push(`lib/platform.js has no entry for ${rid}`);
    }
    for (const field of ['os', 'cpu']) {
      const expected = [...new Set(PLATFORMS.map((platform) => platform[field]))].sort();
      const declared = [...(manifest[field] ?? [])].sort();
      console.log(`package.json ${field}: ${JSON.stringify(manifest[field])}`);
      if (JSON.stringify(declared) !== JSON.stringify(expected)) {
        problems.push(
          `package.json's ${field} is ${JSON.stringify(declared)}, not ${JSON.stringify(expected)}`,
        );
      }
    }
    console.log(`package.json libc: ${JSON.stringify(manifest.libc)}`);
    if (manifest.libc !== undefined) {
      problems.push('package.json has a libc field: npm would refuse the package outside Linux');
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
  for (const problem of problems) {
    console.error(`check_platforms: ${problem}`);
  }
  if (problems.length > 0) {
    process.exitCode = 1;
  } else {
    console.log(`check_platforms: all ${REQUIRED.length} platforms in ${path.basename(tarball)}`);
  }
}

if (process.argv.length !== 3) {
  console.error('usage: node bindings/node/check_platforms.js TARBALL');
  process.exit(2);
}
main(process.argv[2]);
