'use strict';
// The package's API in JavaScript's terms: bad input, errors, events, entry points, resources.

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it } = require('node:test');
const { inspect } = require('node:util');
const { Worker } = require('node:worker_threads');
const webhooks = require('sharpapi-webhooks');
const { REPOSITORY } = require('./support');

const {
  Verifier,
  WebhookError,
  InvalidSecret,
  MissingSignature,
  MalformedSignature,
  InvalidSignature,
  InvalidPayload,
  JobStatus,
  JobType,
} = webhooks;

const SECRET = 'whsec_node_test';
const BODY = Buffer.from(
  '{\n  "id": "bf683177-3a48-47d1-9c4e-0b4de39517fa",\n  "status": "success",\n' +
    '  "type": "content_translate",\n  "result": {"content": "ciao",  "n": 1.50}\n}\n',
);
const SIGNATURE = crypto.createHmac('sha256', SECRET).update(BODY).digest('hex');
const HEADER = fs.readFileSync(
  path.join(REPOSITORY, 'bindings', 'c', 'include', 'sharpapi_webhooks.h'),
  'utf8',
);

function signed(text, secret = SECRET) {
  const body = Buffer.from(text);
  return [body, crypto.createHmac('sha256', secret).update(body).digest('hex')];
}

describe('the raw body', () => {
  const verifier = new Verifier(SECRET);

  it('refuses a string, saying to pass the raw Buffer', () => {
    for (const call of [
      () => verifier.constructEvent(BODY.toString(), SIGNATURE),
      () => verifier.verify(BODY.toString(), SIGNATURE),
      () => verifier.isValid(BODY.toString(), SIGNATURE),
      () => webhooks.sign(BODY.toString(), SECRET),
      () => webhooks.parseEventUnverified(BODY.toString()),
    ]) {
      assert.throws(call, {
        name: 'TypeError',
        message: /raw request body as a Buffer, not a string.*express\.raw/s,
      });
    }
  });

  it('refuses a body that express.json() parsed, and one that is missing', () => {
    assert.throws(() => verifier.constructEvent(JSON.parse(BODY), SIGNATURE), {
      name: 'TypeError',
      message: /not an object: it looks parsed already \(express\.json\(\)\?\)/,
    });
    assert.throws(() => verifier.constructEvent(undefined, SIGNATURE), {
      name: 'TypeError',
      message: /not undefined$/,
    });
    assert.throws(() => verifier.constructEvent(new Uint16Array(4), SIGNATURE), TypeError);
  });

  it('takes any Uint8Array view and an ArrayBuffer, byte for byte', () => {
    // A view into the middle of a larger buffer must pass its own bytes, not the buffer's start.
    const padded = Buffer.concat([Buffer.from('xx'), BODY, Buffer.from('yy')]);
    assert.equal(
      verifier.constructEvent(padded.subarray(2, 2 + BODY.length), SIGNATURE).id,
      'bf683177-3a48-47d1-9c4e-0b4de39517fa',
    );
    assert.equal(verifier.verify(new Uint8Array(BODY), SIGNATURE), true);
    const copy = BODY.buffer.slice(BODY.byteOffset, BODY.byteOffset + BODY.length);
    assert.equal(verifier.verify(copy, SIGNATURE), true);
    assert.equal(verifier.isValid(padded.subarray(2, 1 + BODY.length), SIGNATURE), false);
  });

  it('verifies a body of several MiB', () => {
    const [body, signature] = signed(
      JSON.stringify({
        id: 'big',
        status: 'success',
        type: 'hr_parse_resume',
        result: 'x'.repeat(5 << 20),
      }),
    );
    assert.equal(verifier.constructEvent(body, signature).resultJson.length, (5 << 20) + 2);
  });
});

describe('the signature', () => {
  const verifier = new Verifier(SECRET);

  it('is missing when null, undefined or blank', () => {
    for (const signature of [null, undefined, '', ' \t ']) {
      assert.throws(() => verifier.constructEvent(BODY, signature), MissingSignature);
      assert.equal(verifier.isValid(BODY, signature), false);
    }
  });

  it('of the wrong length is MalformedSignature, not a RangeError', () => {
    for (const signature of [SIGNATURE.slice(0, 63), `${SIGNATURE}0`, 'sha256=' + SIGNATURE]) {
      assert.throws(() => verifier.verify(BODY, signature), MalformedSignature);
    }
  });

  it('holding a NUL is malformed, though C would read only the valid digits before it', () => {
    for (const call of [
      () => verifier.verify(BODY, `${SIGNATURE}\0junk`),
      () => verifier.constructEvent(BODY, `${SIGNATURE}\0`),
    ]) {
      assert.throws(call, MalformedSignature);
    }
    assert.equal(verifier.isValid(BODY, `${SIGNATURE}\0`), false);
  });

  it('holding a lone surrogate is malformed', () => {
    assert.throws(() => verifier.verify(BODY, `\ud800${SIGNATURE.slice(1)}`), MalformedSignature);
  });

  it('must be a string, null or undefined', () => {
    assert.throws(() => verifier.verify(BODY, [SIGNATURE]), {
      name: 'TypeError',
      message: /req\.get\('x-signature'\)/,
    });
    assert.throws(() => verifier.verify(BODY, Buffer.from(SIGNATURE)), TypeError);
  });

  it('is checked against every secret, in any case of hex', () => {
    const rotating = new Verifier(['whsec_new', SECRET]);
    assert.equal(rotating.verify(BODY, SIGNATURE.toUpperCase()), true);
    assert.throws(() => new Verifier('whsec_new').verify(BODY, SIGNATURE), InvalidSignature);
  });
});

describe('secrets', () => {
  it('must be given, and none empty', () => {
    for (const secrets of [[], '', [SECRET, '']]) {
      assert.throws(() => new Verifier(secrets), InvalidSecret);
    }
    assert.throws(() => webhooks.sign(BODY, ''), InvalidSecret);
  });

  it('must be strings that reach C unchanged', () => {
    for (const secrets of [
      undefined,
      42,
      [42],
      Buffer.from(SECRET),
      'a\0b',
      ['\ud800'],
      new Set([SECRET]),
    ]) {
      assert.throws(() => new Verifier(secrets), TypeError, inspect(secrets));
    }
    assert.throws(() => webhooks.sign(BODY, 'a\0b'), { name: 'TypeError', message: /U\+0000/ });
    assert.throws(() => webhooks.sign(BODY, '\udfff'), {
      name: 'TypeError',
      message: /lone surrogate/,
    });
  });

  it('are not kept where inspect, JSON or a key can show them', () => {
    const verifier = new Verifier([SECRET, 'whsec_old']);
    assert.equal(inspect(verifier), 'Verifier { secrets: [REDACTED; 2] }');
    assert.equal(JSON.stringify(verifier), '{}');
    assert.deepEqual(Reflect.ownKeys(verifier), []);
  });

  it('sign as node:crypto does, with their UTF-8 bytes', () => {
    for (const secret of ['k', 'sécret-ключ-秘密-🔑', 'x'.repeat(200)]) {
      const body = crypto.randomBytes(333);
      assert.equal(
        webhooks.sign(body, secret),
        crypto.createHmac('sha256', secret).update(body).digest('hex'),
      );
    }
  });
});

describe('errors', () => {
  it('are WebhookErrors with the code and name of every language', () => {
    const codes = {
      InvalidSecret: 1,
      MissingSignature: 2,
      MalformedSignature: 3,
      InvalidSignature: 4,
      InvalidPayload: 5,
    };
    // The header spells the same names: SHARPAPI_INVALID_SECRET = 1, ...
    const fromHeader = {};
    for (const [, name, code] of HEADER.matchAll(/^\s+SHARPAPI_(\w+) = ([1-9])\b/gm)) {
      fromHeader[name.toLowerCase().replace(/(?:^|_)(\w)/g, (_, letter) => letter.toUpperCase())] =
        Number(code);
    }
    assert.deepEqual(fromHeader, codes);
    for (const [name, code] of Object.entries(codes)) {
      const ErrorClass = webhooks[name];
      const error = new ErrorClass('message');
      assert.ok(error instanceof WebhookError && error instanceof Error, name);
      assert.equal(ErrorClass.code, code);
      assert.equal(error.code, code);
      assert.equal(error.name, name);
      assert.match(String(error), new RegExp(`^${name}: message$`));
    }
  });

  it('carry the library message and never the secret', () => {
    let caught = null;
    try {
      new Verifier(SECRET).verify(BODY, '0'.repeat(64));
    } catch (error) {
      caught = error;
    }
    assert.ok(caught instanceof InvalidSignature);
    assert.match(caught.message, /^invalid signature: .*raw request body/);
    assert.ok(!caught.stack.includes(SECRET));
  });

  it('InvalidPayload for a verified body that is not an event, and only then', () => {
    const [body, signature] = signed('{"id": "1", "status": "success"}');
    const verifier = new Verifier(SECRET);
    assert.throws(() => verifier.constructEvent(body, signature), InvalidPayload);
    assert.throws(() => verifier.constructEvent(body, signature), {
      code: 5,
      message: /^invalid payload: /,
    });
    // A body that is not an event but not signed either is refused for its signature.
    assert.throws(() => verifier.constructEvent(body, '0'.repeat(64)), InvalidSignature);
  });
});

describe('events', () => {
  const verifier = new Verifier(SECRET);

  it('give the result as its exact text, parsed once on first use', () => {
    const event = verifier.constructEvent(BODY, SIGNATURE);
    assert.equal(event.resultJson, '{"content": "ciao",  "n": 1.50}');
    const result = event.result;
    assert.deepEqual(result, { content: 'ciao', n: 1.5 });
    assert.equal(event.result, result, 'the same object on the second read');
    assert.equal(event.isSuccess, true);
    assert.equal(event.status, JobStatus.SUCCESS);
    assert.equal(event.type, JobType.CONTENT_TRANSLATE);
  });

  it('keep statuses and types this version does not know', () => {
    const [body, signature] = signed(
      '{"id":"1","status":"queued","type":"content_new_thing","result":null}',
    );
    const event = verifier.constructEvent(body, signature);
    const { status, statusKnown, type, typeKnown, resultJson, result, isSuccess } = event;
    assert.deepEqual(
      { status, statusKnown, type, typeKnown, resultJson, result, isSuccess },
      {
        status: 'queued',
        statusKnown: false,
        type: 'content_new_thing',
        typeKnown: false,
        resultJson: null,
        result: null,
        isSuccess: false,
      },
    );
  });

  it('keep an escaped U+0000 inside a text', () => {
    const [body, signature] = signed('{"id":"a\\u0000b","status":"","type":"content_translate"}');
    const event = verifier.constructEvent(body, signature);
    assert.equal(event.id, 'a\u0000b');
    assert.equal(event.status, '');
  });

  it('number statuses and types as the C header does', () => {
    const fromHeader = (kind) =>
      Array.from(
        HEADER.matchAll(
          new RegExp(
            `\\* \`"(\\w+)"\`\\.\\n \\*/\\n#define SHARPAPI_JOB_${kind}_(\\w+) (\\d+)`,
            'g',
          ),
        ),
        ([, text, name, code]) => [Number(code), name, text],
      );
    for (const [kind, values] of [
      ['STATUS', JobStatus],
      ['TYPE', JobType],
    ]) {
      const expected = Object.entries(values).map(([name, text], index) => [index + 1, name, text]);
      assert.deepEqual(fromHeader(kind), expected, kind);
      assert.ok(Object.isFrozen(values));
    }
  });
});

describe('the package', () => {
  it('is the version of the header and of the loaded library', () => {
    const { version } = require('sharpapi-webhooks/package.json');
    assert.equal(version, HEADER.match(/#define SHARPAPI_VERSION "(.*)"/)[1]);
    assert.equal(webhooks.nativeVersion, version);
  });

  it('exports the same names from CommonJS, ESM and the declarations', async () => {
    for (const entry of ['index', 'express']) {
      const specifier = entry === 'index' ? 'sharpapi-webhooks' : 'sharpapi-webhooks/express';
      const required = require(specifier);
      const imported = await import(specifier);
      const declared = fs.readFileSync(path.join(__dirname, '..', 'lib', `${entry}.d.ts`), 'utf8');
      const names = Array.from(
        declared.matchAll(/^export declare (?:class|function|const) (\w+)/gm),
        (match) => match[1],
      );
      assert.deepEqual(Object.keys(required).sort(), names.sort(), `${entry}.d.ts`);
      assert.deepEqual(Object.keys(imported).sort(), names.sort(), `${entry}.mjs`);
      for (const name of names) {
        assert.equal(imported[name], required[name], `${entry}: ${name} is one object`);
      }
    }
  });

  it('loads twice in one process, as two versions of the package or a fresh registry would', () => {
    const script = `
      const first = require('sharpapi-webhooks');
      for (const file of Object.keys(require.cache)) {
        if (!file.includes('node_modules')) delete require.cache[file];
      }
      const second = require('sharpapi-webhooks');
      const body = Buffer.from('{"id":"1","status":"failed","type":"hr_job_description"}');
      const event = new second.Verifier('s').constructEvent(body, first.sign(body, 's'));
      process.stdout.write(String(first.Verifier !== second.Verifier) + ' ' + event.type);`;
    const output = execFileSync(process.execPath, ['-e', script], {
      cwd: __dirname,
      encoding: 'utf8',
    });
    assert.equal(output, 'true hr_job_description');
  });

  it('frees verifiers that are collected, without harm to live ones', () => {
    // A wrong free (a double free, a pointer of the wrong kind) would crash the child process.
    const script = `
      const webhooks = require('sharpapi-webhooks');
      const body = Buffer.from('{"id":"1","status":"new","type":"seo_generate_tags"}');
      const signature = webhooks.sign(body, 's');
      const kept = new webhooks.Verifier('s');
      for (let i = 0; i < 20000; i++) new webhooks.Verifier(['s', 't']).verify(body, signature);
      (async () => {
        for (let i = 0; i < 5; i++) { globalThis.gc(); await new Promise((resolve) => setImmediate(resolve)); }
        process.stdout.write(kept.constructEvent(body, signature).type);
      })();`;
    const output = execFileSync(process.execPath, ['--expose-gc', '-e', script], {
      cwd: __dirname,
      encoding: 'utf8',
    });
    assert.equal(output, 'seo_generate_tags');
  });

  it('works in worker threads, each with its own copy of the module', async () => {
    const script = `
      const { parentPort } = require('node:worker_threads');
      const webhooks = require('sharpapi-webhooks');
      const verifier = new webhooks.Verifier('s');
      const ids = [];
      for (let i = 0; i < 2000; i++) {
        const body = Buffer.from(JSON.stringify({ id: 'job-' + i, status: 'success', type: 'hr_parse_resume' }));
        ids.push(verifier.constructEvent(body, webhooks.sign(body, 's')).id);
      }
      parentPort.postMessage(ids.join());`;
    const expected = Array.from({ length: 2000 }, (_, i) => `job-${i}`).join();
    const results = await Promise.all(
      [0, 1, 2].map(
        () =>
          new Promise((resolve, reject) => {
            const worker = new Worker(script, { eval: true });
            worker.once('message', resolve);
            worker.once('error', reject);
          }),
      ),
    );
    assert.deepEqual(results, [expected, expected, expected]);
  });
});
