#!/usr/bin/env node
'use strict';
// Writes the Node.js package's tables from bindings/vocabulary.json, the one source (itself
// generated from the core): lib/vocabulary.js (the version, the job statuses and types with their
// C codes, the error codes and names, the causes that explain() names, and what the framework
// integrations and test deliveries take from the core: the default body limit, SharpAPI's
// User-Agent and Content-Type and the signature header's name), lib/vocabulary.d.ts
// (their TypeScript declarations), and the version of package.json and package-lock.json.
//
//   node bindings/node/generate_vocabulary.js           write the files
//   node bindings/node/generate_vocabulary.js --check   exit 1, naming each stale file
//
// Plain Node.js, no dependency: scripts/generate.sh runs it before any `npm ci`.

const fs = require('node:fs');
const path = require('node:path');

const PACKAGE = __dirname;
const SOURCE = path.join(PACKAGE, '..', 'vocabulary.json');
const BANNER =
  '// Generated from bindings/vocabulary.json by bindings/node/generate_vocabulary.js; do not edit:\n' +
  '// run `node bindings/node/generate_vocabulary.js` (or scripts/generate.sh).\n';

const vocabulary = JSON.parse(fs.readFileSync(SOURCE, 'utf8'));

/** "EcommerceThankYouEmail" -> "ECOMMERCE_THANK_YOU_EMAIL": the package's constant names. */
function constantName(name) {
  return name.replace(/(?<=[a-z0-9])(?=[A-Z])/g, '_').toUpperCase();
}

/** A JavaScript string literal in the package's style (single quotes). */
function literal(text) {
  const json = JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${json}'`;
}

/** [null, wire of code 1, ...]: the texts by C code, 0 (a value this version does not know) none. */
function byCode(entries) {
  const table = [];
  for (const { code, wire } of entries) {
    if (!Number.isInteger(code) || code < 1 || table[code] !== undefined) {
      throw new Error(`${SOURCE}: code ${code} of ${wire} is not a new positive integer`);
    }
    table[code] = wire;
  }
  return Array.from(table, (wire) => (wire === undefined ? 'null' : literal(wire)));
}

/** A positive safe integer of the source, as a literal; anything else stops the generator. */
function integer(value, what) {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${SOURCE}: ${what} is ${JSON.stringify(value)}, not a positive integer`);
  }
  return String(value);
}

function checkNames(entries, what) {
  const seen = new Set();
  for (const { name } of entries) {
    const constant = constantName(name);
    if (!/^[A-Z][A-Z0-9_]*$/.test(constant) || seen.has(constant)) {
      throw new Error(`${SOURCE}: the ${what} name ${name} gives no new constant name`);
    }
    seen.add(constant);
  }
}

function errorTable(errors) {
  return errors
    .map(
      ({ code, name, c_name: cName, description }) =>
        `  Object.freeze({\n    code: ${code},\n    name: ${literal(name)},\n    cName: ${literal(cName)},\n` +
        `    description: ${literal(description)},\n  }),\n`,
    )
    .join('');
}

/** The causes of explain(), by code: each one's wire name and description. */
function causeTable(causes) {
  byCode(causes); // each code new and positive
  return causes
    .map(
      ({ code, wire, description }) =>
        `  Object.freeze({\n    code: ${code},\n    name: ${literal(wire)},\n` +
        `    description: ${literal(description)},\n  }),\n`,
    )
    .join('');
}

/** A vocabulary list's entries as constants named after their wire text: JSON_WHITESPACE. */
function wireConstants(entries, what) {
  const seen = new Set();
  for (const { wire } of entries) {
    const constant = wire.toUpperCase();
    if (!/^[A-Z][A-Z0-9_]*$/.test(constant) || seen.has(constant)) {
      throw new Error(`${SOURCE}: the ${what} ${wire} gives no new constant name`);
    }
    seen.add(constant);
  }
  return entries;
}

function javascript() {
  const { job_statuses: statuses, job_types: types } = vocabulary;
  const causes = wireConstants(vocabulary.explain_causes, 'cause');
  checkNames(statuses, 'status');
  checkNames(types, 'type');
  const members = (entries) =>
    entries.map(({ name, wire }) => `  ${constantName(name)}: ${literal(wire)},\n`).join('');
  const list = (items) => items.map((item) => `  ${item},\n`).join('');
  return `'use strict';
${BANNER}
/** The version of the core, the native library and this package. */
const VERSION = ${literal(vocabulary.version)};

/** The deepest nesting of arrays and objects in a body that the core accepts (the event is 1). */
const MAX_NESTING_DEPTH = ${vocabulary.max_nesting_depth};

/** The integrations' body limit unless configured otherwise, in bytes: larger bodies get 413. */
const DEFAULT_MAX_BODY_BYTES = ${integer(vocabulary.default_max_body_bytes, 'default_max_body_bytes')};

/** The User-Agent header SharpAPI's deliveries carry. */
const USER_AGENT = ${literal(vocabulary.user_agent)};

/** The Content-Type header SharpAPI's deliveries carry. */
const CONTENT_TYPE = ${literal(vocabulary.content_type)};

/** The header that carries the signature, as SharpAPI spells it (looked up in any case). */
const SIGNATURE_HEADER = ${literal(vocabulary.signature_header)};

/** A test delivery's type unless given: a translation, the commonest job. */
const TEST_DELIVERY_TYPE = ${literal(vocabulary.job_types.find((t) => t.wire === 'content_translate').wire)};

/** Where the job stands (\`"status"\`): \`success\` or \`failed\` once it finished. */
const JobStatus = Object.freeze({
${members(statuses)}});

/** Which SharpAPI endpoint ran the job (\`"type"\`). */
const JobType = Object.freeze({
${members(types)}});

/** The status text of each SHARPAPI_JOB_STATUS_* code; 0 is a status this version does not know. */
const STATUS_BY_CODE = Object.freeze([
${list(byCode(statuses))}]);

/** The type text of each SHARPAPI_JOB_TYPE_* code; 0 is a type this version does not know. */
const TYPE_BY_CODE = Object.freeze([
${list(byCode(types))}]);

/** The core's errors: the same codes and names in every language. */
const ERRORS = Object.freeze([
${errorTable(vocabulary.errors)}]);

/** The C ABI's own statuses, from 100 on: an argument this package passed wrongly, a bug. */
const ABI_ERRORS = Object.freeze([
${errorTable(vocabulary.abi_errors)}]);

/** What explain() finds, by the name every language spells in data. */
const Cause = Object.freeze({
${causes.map(({ wire }) => `  ${wire.toUpperCase()}: ${literal(wire)},\n`).join('')}});

/** Each cause of explain(): its permanent code (bit code - 1 in a cause set), name, description. */
const EXPLAIN_CAUSES = Object.freeze([
${causeTable(causes)}]);

module.exports = {
  VERSION,
  MAX_NESTING_DEPTH,
  DEFAULT_MAX_BODY_BYTES,
  USER_AGENT,
  CONTENT_TYPE,
  SIGNATURE_HEADER,
  TEST_DELIVERY_TYPE,
  JobStatus,
  JobType,
  STATUS_BY_CODE,
  TYPE_BY_CODE,
  ERRORS,
  ABI_ERRORS,
  Cause,
  EXPLAIN_CAUSES,
};
`;
}

function declarations() {
  const members = (entries) =>
    entries
      .map(({ name, wire }) => `  readonly ${constantName(name)}: ${literal(wire)};\n`)
      .join('');
  const codes = vocabulary.errors.map(({ name, code }) => `  ${name}: ${code};\n`).join('');
  return `${BANNER}
/** The integrations' body limit unless configured otherwise, in bytes: larger bodies get 413. */
export declare const DEFAULT_MAX_BODY_BYTES: ${integer(vocabulary.default_max_body_bytes, 'default_max_body_bytes')};

/** The User-Agent header SharpAPI's deliveries carry. */
export declare const USER_AGENT: ${literal(vocabulary.user_agent)};

/** The Content-Type header SharpAPI's deliveries carry. */
export declare const CONTENT_TYPE: ${literal(vocabulary.content_type)};

/** The header that carries the signature, as SharpAPI spells it (looked up in any case). */
export declare const SIGNATURE_HEADER: ${literal(vocabulary.signature_header)};

/** A test delivery's type unless given. */
export declare const TEST_DELIVERY_TYPE: string;

/** The statuses this version knows; \`event.status\` may hold another. */
export declare const JobStatus: {
${members(vocabulary.job_statuses)}};
export type JobStatus = (typeof JobStatus)[keyof typeof JobStatus];

/** The job types this version knows; \`event.type\` may hold another. */
export declare const JobType: {
${members(vocabulary.job_types)}};
export type JobType = (typeof JobType)[keyof typeof JobType];

/** The code of each error, by its name: the same in every language. */
export interface WebhookErrorCodes {
${codes}}

/** What \`explain\` finds: one change between a delivery as SharpAPI signed it and as checked. */
export declare const Cause: {
${vocabulary.explain_causes.map(({ wire }) => `  readonly ${wire.toUpperCase()}: ${literal(wire)};\n`).join('')}};
export type Cause = (typeof Cause)[keyof typeof Cause];
`;
}

/** The JSON file with its version (and, in a lock, the root package's) set to the core's. */
function withVersion(file) {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  json.version = vocabulary.version;
  if (json.packages !== undefined && json.packages[''] !== undefined) {
    json.packages[''].version = vocabulary.version;
  }
  return `${JSON.stringify(json, null, 2)}\n`;
}

const outputs = [
  [path.join(PACKAGE, 'lib', 'vocabulary.js'), javascript()],
  [path.join(PACKAGE, 'lib', 'vocabulary.d.ts'), declarations()],
  [path.join(PACKAGE, 'package.json'), withVersion(path.join(PACKAGE, 'package.json'))],
  [path.join(PACKAGE, 'package-lock.json'), withVersion(path.join(PACKAGE, 'package-lock.json'))],
];

const check = process.argv.includes('--check');
let stale = 0;
for (const [file, text] of outputs) {
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
  if (current === text) {
    continue;
  }
  const shown = path.relative(path.join(PACKAGE, '..', '..'), file);
  if (check) {
    console.error(
      `generate_vocabulary: ${shown} is stale: run node bindings/node/generate_vocabulary.js`,
    );
    stale += 1;
  } else {
    fs.writeFileSync(file, text);
    console.log(`generate_vocabulary: wrote ${shown}`);
  }
}
if (check && stale === 0) {
  console.log('generate_vocabulary: the Node.js tables match bindings/vocabulary.json');
}
process.exit(stale === 0 ? 0 : 1);
