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
const VOCABULARY = JSON.parse(
  fs.readFileSync(path.join(REPOSITORY, 'bindings', 'vocabulary.json'), 'utf8'),
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

  it('holding a NUL anywhere is malformed: the core reads every byte, the NUL too', () => {
    for (const signature of [`${SIGNATURE}\0junk`, `${SIGNATURE}\0`, `\0${SIGNATURE}`]) {
      assert.throws(() => verifier.verify(BODY, signature), MalformedSignature);
      assert.throws(() => verifier.constructEvent(BODY, signature), MalformedSignature);
      assert.equal(verifier.isValid(BODY, signature), false);
    }
  });

  it('holding a lone surrogate is malformed', () => {
    assert.throws(() => verifier.verify(BODY, `\ud800${SIGNATURE.slice(1)}`), MalformedSignature);
    assert.throws(() => verifier.verify(BODY, `${SIGNATURE}\udc00`), MalformedSignature);
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

  it('null or undefined, alone or in the list, is InvalidSecret, not a TypeError', () => {
    for (const secrets of [
      null,
      undefined,
      [null],
      [undefined],
      [SECRET, null],
      [undefined, SECRET],
    ]) {
      assert.throws(() => new Verifier(secrets), InvalidSecret, inspect(secrets));
      assert.throws(() => webhooks.verify(BODY, SIGNATURE, secrets), InvalidSecret);
      assert.throws(() => webhooks.constructEvent(BODY, SIGNATURE, secrets), InvalidSecret);
    }
    assert.throws(() => webhooks.sign(BODY, null), InvalidSecret);
    assert.throws(() => webhooks.sign(BODY, undefined), InvalidSecret);
  });

  it('of another type is a TypeError', () => {
    for (const secrets of [42, [42], Buffer.from(SECRET), new Set([SECRET]), { secret: SECRET }]) {
      assert.throws(() => new Verifier(secrets), TypeError, inspect(secrets));
    }
    assert.throws(() => webhooks.sign(BODY, 42), TypeError);
  });

  it('holding U+0000 are used whole, not cut at the NUL', () => {
    const secret = 'whsec_\0tail';
    const signature = crypto.createHmac('sha256', secret).update(BODY).digest('hex');
    assert.equal(webhooks.sign(BODY, secret), signature);
    assert.equal(new Verifier(secret).verify(BODY, signature), true);
    // What C would have used had it read up to the NUL: a different key.
    const cut = crypto.createHmac('sha256', 'whsec_').update(BODY).digest('hex');
    assert.throws(() => new Verifier(secret).verify(BODY, cut), InvalidSignature);
    assert.throws(() => new Verifier('whsec_').verify(BODY, signature), InvalidSignature);
    assert.equal(
      webhooks.sign(BODY, '\0'),
      crypto.createHmac('sha256', '\0').update(BODY).digest('hex'),
    );
  });

  it('holding a lone surrogate are InvalidSecret, never signed as U+FFFD', () => {
    for (const secret of ['\ud800', 'a\udfffb', '\ude00\ud83d', `${SECRET}\ud83d`]) {
      assert.throws(() => new Verifier(secret), InvalidSecret, inspect(secret));
      assert.throws(() => new Verifier([SECRET, secret]), InvalidSecret);
      assert.throws(() => webhooks.sign(BODY, secret), InvalidSecret);
    }
    // A surrogate pair is one character, and signs as node:crypto does.
    assert.equal(
      webhooks.sign(BODY, 'key-\ud83d\udd11'),
      crypto.createHmac('sha256', 'key-🔑').update(BODY).digest('hex'),
    );
  });

  it('are not kept where inspect, JSON or a key can show them', () => {
    const verifier = new Verifier([SECRET, 'whsec_old']);
    assert.equal(inspect(verifier), 'Verifier { secrets: [REDACTED; 2] }');
    assert.equal(JSON.stringify(verifier), '{}');
    assert.deepEqual(Reflect.ownKeys(verifier), []);
  });

  it("are not left in the engine's scratch memory once the core has them", () => {
    // Where each engine writes the arguments of a call: native.js's arena, the WebAssembly
    // module's input buffer (the first bytes at `input`'s address; it only grows).
    const scratch =
      webhooks.engine === 'native'
        ? () => require('../lib/native').arena.buffer
        : () => {
            const generated = require('../wasm/sharpapi_webhooks_wasm.cjs');
            const memory = new Uint8Array(generated.linear_memory().buffer);
            const address = generated.input(0);
            return Buffer.from(memory.subarray(address, address + 4096));
          };
    const secret = 'whsec_scratch_memory';
    new Verifier(['whsec_other', secret]);
    assert.equal(scratch().indexOf(secret), -1);
    webhooks.sign(BODY, secret);
    assert.equal(scratch().indexOf(secret), -1);
    webhooks.explain(BODY, SIGNATURE, ['whsec_other', secret]);
    assert.equal(scratch().indexOf(secret), -1);
    webhooks.testDelivery({ secret, id: '1' });
    assert.equal(scratch().indexOf(secret), -1);
    assert.throws(() => webhooks.testDelivery({ secret, resultJson: '{' }), InvalidPayload);
    assert.equal(scratch().indexOf(secret), -1);
    assert.throws(() => new Verifier([secret, '']), InvalidSecret);
    assert.equal(scratch().indexOf(secret), -1);
    // Written twice by the native engine when not ASCII: all at once, then one by one.
    assert.throws(() => new Verifier([`${secret}_é`, '\ud800', `${secret}_ü`]), InvalidSecret);
    assert.equal(scratch().indexOf('scratch_memory'), -1);
  });

  it('sign as node:crypto does, with their UTF-8 bytes', () => {
    for (const secret of [
      'k',
      'sécret-ключ-秘密-🔑',
      'x'.repeat(200),
      ' padded ',
      'x'.repeat(5000),
    ]) {
      const body = crypto.randomBytes(333);
      assert.equal(
        webhooks.sign(body, secret),
        crypto.createHmac('sha256', secret).update(body).digest('hex'),
      );
    }
  });
});

describe('constructEventFromHeaders', () => {
  const verifier = new Verifier(SECRET);
  const ID = 'bf683177-3a48-47d1-9c4e-0b4de39517fa';
  const OTHER = '0'.repeat(64);

  it("takes Node's rawHeaders, pairs, a plain object, a Headers and a Map", () => {
    const forms = [
      ['Content-Type', 'application/json', 'X-Signature', SIGNATURE],
      [
        ['Content-Type', 'application/json'],
        ['X-Signature', SIGNATURE],
      ],
      { 'content-type': 'application/json', 'x-signature': SIGNATURE, absent: undefined },
      { 'X-Signature': [SIGNATURE] },
      new Headers({ 'X-Signature': SIGNATURE }),
      new Map([['x-signature', SIGNATURE]]),
    ];
    for (const headers of forms) {
      assert.equal(verifier.constructEventFromHeaders(BODY, headers).id, ID, inspect(headers));
    }
    assert.equal(webhooks.constructEventFromHeaders(BODY, forms[0], SECRET).id, ID);
  });

  it('finds the name in any case, and nothing but that name', () => {
    for (const name of ['x-signature', 'X-SIGNATURE', 'x-SiGnAtUrE']) {
      assert.equal(verifier.constructEventFromHeaders(BODY, [name, SIGNATURE]).id, ID, name);
    }
    for (const name of ['X-Signature-256', ' X-Signature', 'X_Signature', 'Signature']) {
      assert.throws(
        () => verifier.constructEventFromHeaders(BODY, [name, SIGNATURE]),
        MissingSignature,
        name,
      );
    }
    assert.throws(() => verifier.constructEventFromHeaders(BODY, []), MissingSignature);
    assert.throws(() => verifier.constructEventFromHeaders(BODY, {}), MissingSignature);
  });

  it('accepts a header repeated with one value, and refuses different values', () => {
    const same = ['X-Signature', SIGNATURE, 'x-signature', ` ${SIGNATURE}\t`];
    assert.equal(verifier.constructEventFromHeaders(BODY, same).id, ID);
    assert.equal(
      verifier.constructEventFromHeaders(BODY, { 'x-signature': [SIGNATURE, SIGNATURE] }).id,
      ID,
    );
    for (const headers of [
      ['X-Signature', SIGNATURE, 'X-Signature', OTHER],
      { 'x-signature': [OTHER, SIGNATURE] },
      // What req.headers holds for two X-Signature lines: one value, joined by Node.
      { 'x-signature': `${SIGNATURE}, ${SIGNATURE}` },
      // A Headers object joins them too.
      new Headers([
        ['X-Signature', SIGNATURE],
        ['X-Signature', SIGNATURE],
      ]),
    ]) {
      assert.throws(
        () => verifier.constructEventFromHeaders(BODY, headers),
        MalformedSignature,
        inspect(headers),
      );
    }
  });

  it('gives the signature errors, then InvalidPayload', () => {
    assert.throws(
      () => verifier.constructEventFromHeaders(BODY, ['X-Signature', OTHER]),
      InvalidSignature,
    );
    assert.throws(
      () => verifier.constructEventFromHeaders(BODY, ['X-Signature', `${SIGNATURE}\0`]),
      MalformedSignature,
    );
    const [body, signature] = signed('{"id": "1"}');
    assert.throws(
      () => verifier.constructEventFromHeaders(body, ['X-Signature', signature]),
      InvalidPayload,
    );
  });

  it('passes names and values that are not ASCII as their UTF-8, lone surrogates as non-UTF-8', () => {
    const headers = ['X-Café', 'naïve 🔑', 'X-\ud800', '\udfff', 'X-Signature', SIGNATURE];
    assert.equal(verifier.constructEventFromHeaders(BODY, headers).id, ID);
    assert.throws(
      () => verifier.constructEventFromHeaders(BODY, ['X-Signature', `${SIGNATURE}\ud800`]),
      MalformedSignature,
    );
    // Many headers, long values: more than the package's scratch memory first holds.
    const many = Array.from({ length: 300 }, (_, index) => [`X-Filler-${index}`, 'é'.repeat(40)]);
    assert.equal(
      verifier.constructEventFromHeaders(BODY, [...many, ['X-Signature', SIGNATURE]]).id,
      ID,
    );
  });

  it('refuses headers of another shape with a TypeError', () => {
    for (const headers of [
      undefined,
      null,
      'X-Signature',
      ['X-Signature'],
      ['X-Signature', 42],
      [['X-Signature']],
      [['X-Signature', SIGNATURE], 'x'],
      { 'x-signature': 42 },
      { 'x-signature': [SIGNATURE, 42] },
      new Set(['X-Signature']),
    ]) {
      assert.throws(
        () => verifier.constructEventFromHeaders(BODY, headers),
        TypeError,
        inspect(headers),
      );
    }
  });
});

describe('payloads', () => {
  const verifier = new Verifier(SECRET);

  it("InvalidPayload's message says why, at which line and column", () => {
    const [body, signature] = signed('{\n  "id": "1",\n  "status": 7,\n  "type": "x"\n}');
    for (const call of [
      () => verifier.constructEvent(body, signature),
      () => verifier.constructEventFromHeaders(body, ['X-Signature', signature]),
      () => webhooks.parseEventUnverified(body),
    ]) {
      assert.throws(call, (error) => {
        assert.ok(error instanceof InvalidPayload);
        assert.match(error.message, /^invalid payload: .*\bline 3 column \d+/);
        assert.match(error.message, /column/);
        return true;
      });
    }
  });

  it('InvalidPayload names what is missing, as the README shows', () => {
    assert.throws(() => webhooks.parseEventUnverified(Buffer.from('{"id":"1","status":"new"}')), {
      name: 'InvalidPayload',
      message: 'invalid payload: missing field `type` at line 1 column 25',
    });
  });

  it(`nests ${VOCABULARY.max_nesting_depth} levels deep, and no deeper`, () => {
    const depth = VOCABULARY.max_nesting_depth;
    // The event object is level 1, so `result` holds depth - 1 levels of arrays at most.
    const nested = (levels) =>
      `{"id":"deep","status":"success","type":"content_translate","result":${'['.repeat(levels)}${']'.repeat(levels)}}`;
    const [ok, okSignature] = signed(nested(depth - 1));
    assert.equal(verifier.constructEvent(ok, okSignature).id, 'deep');
    assert.equal(webhooks.parseEventUnverified(ok).resultJson.length, 2 * (depth - 1));
    const [deep, deepSignature] = signed(nested(depth));
    for (const call of [
      () => verifier.constructEvent(deep, deepSignature),
      () => webhooks.parseEventUnverified(deep),
    ]) {
      assert.throws(call, {
        name: 'InvalidPayload',
        message: new RegExp(`nested deeper than ${depth} levels at line 1 column \\d+`),
      });
    }
  });
});

describe('errors', () => {
  it('are WebhookErrors with the code and name of every language', () => {
    const codes = Object.fromEntries(VOCABULARY.errors.map(({ name, code }) => [name, code]));
    assert.deepEqual(Object.keys(codes), [
      'InvalidSecret',
      'MissingSignature',
      'MalformedSignature',
      'InvalidSignature',
      'InvalidPayload',
    ]);
    // The header spells the same codes: SHARPAPI_INVALID_SECRET = 1, ...
    for (const { c_name: cName, code } of [...VOCABULARY.errors, ...VOCABULARY.abi_errors]) {
      assert.match(HEADER, new RegExp(`^\\s+${cName} = ${code},$`, 'm'), cName);
    }
    for (const [name, code] of Object.entries(codes)) {
      const ErrorClass = webhooks[name];
      const error = new ErrorClass('message');
      assert.ok(error instanceof WebhookError && error instanceof Error, name);
      assert.equal(ErrorClass.code, code);
      assert.equal(error.code, code);
      assert.equal(error.name, name);
      assert.match(String(error), new RegExp(`^${name}: message$`));
    }
    // The declarations take each class's code from the generated interface, by its name.
    const declared = fs.readFileSync(path.join(__dirname, '..', 'lib', 'index.d.ts'), 'utf8');
    for (const name of Object.keys(codes)) {
      assert.match(declared, new RegExp(`static readonly code: WebhookErrorCodes\\['${name}'\\];`));
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

  it('never show a secret, whatever refused the delivery', () => {
    const secret = 'whsec_do_not_show_\u00e9';
    const verifier = new Verifier([secret, 'whsec_other']);
    const [payload, payloadSignature] = signed('{"id": 1}', secret);
    const calls = [
      () => verifier.verify(BODY, null),
      () => verifier.verify(BODY, 'xyz'),
      () => verifier.verify(BODY, SIGNATURE),
      () => verifier.constructEvent(payload, payloadSignature),
      () =>
        verifier.constructEventFromHeaders(BODY, ['X-Signature', SIGNATURE, 'x-signature', '0']),
      () => new Verifier([secret, '']),
      () => new Verifier([secret, null]),
      () => new Verifier([secret, '\ud800']),
      () => new Verifier([secret, 42]),
      () => webhooks.sign(BODY, `${secret}\ud800`),
      () => webhooks.verify(BODY, '', secret),
      () => webhooks.constructEvent('body', SIGNATURE, secret),
    ];
    for (const call of calls) {
      assert.throws(call, (error) => {
        for (const text of [error.message, error.stack, inspect(error)]) {
          assert.ok(!text.includes('do_not_show'), text);
        }
        return true;
      });
    }
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

  it('keep a text that begins with U+FEFF whole', () => {
    // A TextDecoder drops a leading byte order mark unless told not to.
    const [body, signature] = signed('{"id":"\ufeffjob","status":"\ufeff","type":"\ufefft"}');
    const event = verifier.constructEvent(body, signature);
    assert.deepEqual([event.id, event.status, event.type], ['\ufeffjob', '\ufeff', '\ufefft']);
  });

  it('keep an escaped U+0000 inside a text', () => {
    const [body, signature] = signed('{"id":"a\\u0000b","status":"","type":"content_translate"}');
    const event = verifier.constructEvent(body, signature);
    assert.equal(event.id, 'a\u0000b');
    assert.equal(event.status, '');
  });

  it('number statuses and types as the C header and the vocabulary do', () => {
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
    const fromVocabulary = (entries) =>
      entries.map(({ code, name, wire }) => [
        code,
        name.replace(/(?<=[a-z0-9])(?=[A-Z])/g, '_').toUpperCase(),
        wire,
      ]);
    for (const [kind, values, entries] of [
      ['STATUS', JobStatus, VOCABULARY.job_statuses],
      ['TYPE', JobType, VOCABULARY.job_types],
    ]) {
      const expected = fromVocabulary(entries);
      assert.deepEqual(fromHeader(kind), expected, kind);
      assert.deepEqual(
        Object.entries(values).map(([name, text], index) => [index + 1, name, text]),
        expected,
        kind,
      );
      assert.ok(Object.isFrozen(values));
    }
  });

  it("mirror the header's constants", () => {
    const native = require('../lib/native');
    for (const name of [
      'SHARPAPI_OK',
      'SHARPAPI_JOB_STATUS_OTHER',
      'SHARPAPI_JOB_TYPE_OTHER',
      'SHARPAPI_SIGNATURE_BUFFER_LEN',
    ]) {
      const defined = HEADER.match(new RegExp(`^(?:#define |\\s+)${name}(?: = | )(\\d+)`, 'm'));
      assert.equal(native[name], Number(defined[1]), name);
    }
  });

  it('map every known code to its text, and keep what they do not know', () => {
    for (const { wire } of VOCABULARY.job_types) {
      const [body, signature] = signed(`{"id":"1","status":"new","type":"${wire}"}`);
      const event = verifier.constructEvent(body, signature);
      assert.deepEqual([event.type, event.typeKnown, event.statusKnown], [wire, true, true]);
    }
    for (const { wire } of VOCABULARY.job_statuses) {
      const event = webhooks.parseEventUnverified(
        Buffer.from(`{"id":"1","status":"${wire}","type":"t"}`),
      );
      assert.deepEqual([event.status, event.statusKnown, event.typeKnown], [wire, true, false]);
    }
  });
});

describe('testDelivery', () => {
  // The contract's fixed input (spec/TEST_HELPERS.md), the same in every language.
  const FIXED =
    '{"id":"job-1","status":"success","type":"content_translate","result":{"content":"Hallo"}}';

  it('gives the contract body, byte for byte, for the fixed input', () => {
    for (const options of [
      { secret: SECRET, id: 'job-1', resultJson: '{"content":"Hallo"}' },
      { secret: SECRET, id: 'job-1', result: { content: 'Hallo' } },
      {
        secret: SECRET,
        id: 'job-1',
        status: 'success',
        type: 'content_translate',
        result: { content: 'Hallo' },
      },
    ]) {
      const delivery = webhooks.testDelivery(options);
      assert.ok(Buffer.isBuffer(delivery.body), 'a Buffer in Node.js, whichever engine');
      assert.equal(delivery.body.toString('utf8'), FIXED);
      assert.equal(
        delivery.signature,
        crypto.createHmac('sha256', SECRET).update(FIXED).digest('hex'),
      );
    }
  });

  it("is verified by the package's own Verifier from its headers", () => {
    const delivery = webhooks.testDelivery({ secret: SECRET, result: { content: 'ciao è' } });
    assert.deepEqual(delivery.headers, {
      'Content-Type': 'application/json',
      'User-Agent': 'SharpAPIWebhook/1.0',
      'X-Signature': delivery.signature,
    });
    const event = new Verifier(['whsec_old', SECRET]).constructEventFromHeaders(
      delivery.body,
      delivery.headers,
    );
    assert.deepEqual(
      [event.status, event.type, event.result],
      [JobStatus.SUCCESS, JobType.CONTENT_TRANSLATE, { content: 'ciao è' }],
    );
    assert.equal(
      webhooks.constructEventFromHeaders(delivery.body, delivery.headers, SECRET).id,
      event.id,
    );
    assert.throws(
      () => webhooks.constructEventFromHeaders(delivery.body, delivery.headers, 'whsec_other'),
      InvalidSignature,
    );
  });

  it('gives each delivery a new random UUID unless told the id', () => {
    const ids = Array.from({ length: 3 }, () => webhooks.testDelivery({ secret: SECRET }));
    for (const delivery of ids) {
      const event = webhooks.parseEventUnverified(delivery.body);
      assert.match(
        event.id,
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      assert.equal(event.resultJson, null, 'no result unless given');
    }
    assert.equal(new Set(ids.map(({ body }) => body.toString())).size, 3);
  });

  it('takes any status and type, unknown ones too, and escapes them as JSON', () => {
    const delivery = webhooks.testDelivery({
      secret: SECRET,
      id: 'a"b\\c',
      status: 'queued',
      type: 'future_type',
      resultJson: '[1, 2.50]',
    });
    assert.equal(
      delivery.body.toString(),
      '{"id":"a\\"b\\\\c","status":"queued","type":"future_type","result":[1, 2.50]}',
    );
    const event = webhooks.constructEvent(delivery.body, delivery.signature, SECRET);
    assert.deepEqual(
      [event.id, event.statusKnown, event.typeKnown, event.resultJson],
      ['a"b\\c', false, false, '[1, 2.50]'],
    );
    const nulled = webhooks.testDelivery({
      secret: SECRET,
      id: '1',
      status: 'failed',
      result: null,
    });
    assert.equal(
      nulled.body.toString(),
      '{"id":"1","status":"failed","type":"content_translate","result":null}',
    );
  });

  it('makes a Web Request of itself', async () => {
    const delivery = webhooks.testDelivery({ secret: SECRET, id: 'job-2' });
    const request = delivery.toRequest('https://example.com/webhooks/sharpapi');
    assert.equal(request.method, 'POST');
    assert.equal(request.url, 'https://example.com/webhooks/sharpapi');
    assert.equal(request.headers.get('x-signature'), delivery.signature);
    assert.equal(request.headers.get('user-agent'), 'SharpAPIWebhook/1.0');
    assert.equal(request.headers.get('content-type'), 'application/json');
    const body = new Uint8Array(await request.arrayBuffer());
    assert.deepEqual(Buffer.from(body), delivery.body);
    assert.equal(webhooks.constructEventFromHeaders(body, request.headers, SECRET).id, 'job-2');
  });

  it('refuses what the core refuses: a bad secret, a result that is not one JSON value', () => {
    for (const secret of ['', null, undefined, '\ud800']) {
      assert.throws(() => webhooks.testDelivery({ secret }), InvalidSecret);
    }
    for (const resultJson of ['', '{', '1 2', '{"a":1}}']) {
      assert.throws(() => webhooks.testDelivery({ secret: SECRET, resultJson }), {
        name: 'InvalidPayload',
        message: /the test result is not one JSON value/,
      });
    }
    assert.throws(() => webhooks.testDelivery({ secret: SECRET, id: 'a\ud800' }), {
      name: 'InvalidPayload',
      message: "invalid payload: a test delivery's id, status, type and result must be UTF-8 text",
    });
  });

  it('refuses options of the wrong kind with a TypeError', () => {
    for (const call of [
      () => webhooks.testDelivery(),
      () => webhooks.testDelivery(SECRET),
      () => webhooks.testDelivery({ secret: 42 }),
      () => webhooks.testDelivery({ secret: SECRET, id: 7 }),
      () => webhooks.testDelivery({ secret: SECRET, type: null }),
      () => webhooks.testDelivery({ secret: SECRET, result: {}, resultJson: '{}' }),
      () => webhooks.testDelivery({ secret: SECRET, resultJson: { content: 'x' } }),
      () => webhooks.testDelivery({ secret: SECRET, result: () => {} }),
    ]) {
      assert.throws(call, TypeError);
    }
  });
});

describe('explain', () => {
  const body = Buffer.from(
    '{"id":"bf683177","status":"success","type":"content_translate","result":{"url":"https:\\/\\/x.com"}}',
  );
  const signature = crypto.createHmac('sha256', SECRET).update(body).digest('hex');
  const names = (explanation) => explanation.causes.map(({ name }) => name);

  it('says a matching signature is valid', () => {
    const explanation = webhooks.explain(body, signature, ['whsec_old', SECRET]);
    assert.equal(explanation.isValid, true);
    assert.deepEqual(names(explanation), [webhooks.Cause.SIGNATURE_MATCHES]);
    assert.equal(String(explanation), 'the signature matches the body as received');
  });

  it('names what a JSON parse and JSON.stringify changed', () => {
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(body), null, 2));
    const explanation = webhooks.explain(reserialized, signature, SECRET);
    assert.equal(explanation.isValid, false);
    assert.deepEqual(names(explanation), ['json_whitespace', 'json_escaping']);
    const [whitespace, escaping] = explanation.causes;
    assert.deepEqual(whitespace, {
      code: 6,
      name: 'json_whitespace',
      description: VOCABULARY.explain_causes[5].description,
    });
    assert.equal(`${explanation}`, `${whitespace.description}; ${escaping.description}`);
    assert.ok(Object.isFrozen(explanation) && Object.isFrozen(explanation.causes));
  });

  it('finds the signature among the headers as constructEventFromHeaders does', () => {
    const newline = Buffer.concat([body, Buffer.from('\n')]);
    for (const headers of [
      ['Content-Type', 'application/json', 'x-signature', signature],
      [['X-SIGNATURE', signature]],
      new Headers({ 'X-Signature': signature }),
      { 'x-signature': [signature, ` ${signature}`] },
    ]) {
      assert.deepEqual(names(webhooks.explain(newline, headers, SECRET)), ['trailing_newline']);
    }
    assert.deepEqual(names(webhooks.explain(body, { Host: 'x' }, SECRET)), ['missing_signature']);
    const differ = [
      ['X-Signature', signature],
      ['X-Signature', '0'.repeat(64)],
    ];
    assert.deepEqual(names(webhooks.explain(body, differ, SECRET)), ['malformed_signature']);
    assert.throws(() => webhooks.explain(body, [['X-Signature', 1]], SECRET), TypeError);
    // Texts beyond ASCII among the headers and the secrets, which share one array natively.
    const unicode = 'whsec_caf\u00e9_\u{1f511}';
    const signed = webhooks.sign(body, unicode);
    const mixed = [
      ['X-Caf\u00e9', '\u00e9t\u00e9'],
      ['X-Signature', signed],
    ];
    assert.deepEqual(names(webhooks.explain(body, mixed, ['\u00fcber', unicode])), [
      'signature_matches',
    ]);
    assert.deepEqual(names(webhooks.explain(body, mixed, [`${unicode} `])), ['secret_whitespace']);
  });

  it('explains a missing or malformed signature, and a prefix or a pasted secret', () => {
    assert.deepEqual(names(webhooks.explain(body, undefined, SECRET)), ['missing_signature']);
    assert.deepEqual(names(webhooks.explain(body, null, SECRET)), ['missing_signature']);
    assert.deepEqual(names(webhooks.explain(body, ' ', SECRET)), ['missing_signature']);
    assert.deepEqual(names(webhooks.explain(body, 'xyz', SECRET)), ['malformed_signature']);
    assert.deepEqual(names(webhooks.explain(body, `sha256=${signature}`, SECRET)), [
      'signature_prefix',
    ]);
    assert.deepEqual(names(webhooks.explain(body, signature, `${SECRET}\n`)), [
      'secret_whitespace',
    ]);
  });

  it('skips secrets it cannot use instead of refusing them', () => {
    assert.deepEqual(names(webhooks.explain(body, signature, ['', null, '\ud800', SECRET])), [
      'signature_matches',
    ]);
    for (const secrets of [null, undefined, [], '']) {
      assert.deepEqual(names(webhooks.explain(body, signature, secrets)), ['unexplained']);
    }
    assert.throws(() => webhooks.explain(body, signature, [42]), TypeError);
    assert.throws(() => webhooks.explain(body.toString(), signature, SECRET), TypeError);
    assert.throws(() => webhooks.explain(body, 42, SECRET), TypeError);
  });

  it('has a description of every cause from the vocabulary, as the C ABI gives them', () => {
    const constants = Object.fromEntries(
      Array.from(HEADER.matchAll(/#define SHARPAPI_CAUSE_(\w+) (\d+)/g), ([, name, code]) => [
        name,
        Number(code),
      ]),
    );
    assert.deepEqual(
      Object.entries(webhooks.Cause).map(([constant, name]) => [constant, name.toUpperCase()]),
      Object.keys(constants).map((constant) => [constant, constant]),
    );
    assert.deepEqual(
      VOCABULARY.explain_causes.map(({ code, wire }) => [code, wire]),
      Object.entries(constants).map(([name, code]) => [code, name.toLowerCase()]),
    );
    // The generated table against the library's own names and descriptions.
    const koffi = require('koffi');
    const library = koffi.load(require('../lib/native').libraryFile);
    const causeName = library.func('sharpapi_cause_name', 'const char *', ['uint32_t']);
    const causeDescription = library.func('sharpapi_cause_description', 'const char *', [
      'uint32_t',
    ]);
    const { EXPLAIN_CAUSES } = require('../lib/vocabulary');
    assert.deepEqual(
      EXPLAIN_CAUSES.map(({ code, name, description }) => [code, name, description]),
      Object.values(constants).map((code) => [code, causeName(code), causeDescription(code)]),
    );
    assert.equal(causeName(Object.keys(constants).length + 1), null);
  });
});

describe('the package', () => {
  it('is the version of the core, the header and the loaded library', () => {
    const { version } = require('sharpapi-webhooks/package.json');
    assert.equal(version, VOCABULARY.version);
    assert.equal(version, HEADER.match(/#define SHARPAPI_VERSION "(.*)"/)[1]);
    const cargo = fs.readFileSync(path.join(REPOSITORY, 'Cargo.toml'), 'utf8');
    assert.equal(version, cargo.match(/^\[workspace\.package\]\nversion = "(.*)"$/m)[1]);
    assert.equal(webhooks.nativeVersion, version);
  });

  it('exports the same names from CommonJS, ESM and the declarations', async () => {
    const namesDeclared = (entry) => {
      const declared = fs.readFileSync(path.join(__dirname, '..', 'lib', `${entry}.d.ts`), 'utf8');
      return [
        ...Array.from(
          declared.matchAll(/^export declare (?:class|function|const) (\w+)/gm),
          (match) => match[1],
        ),
        // export { JobStatus, JobType } from './vocabulary.js'
        ...Array.from(declared.matchAll(/^export \{ ([\w, ]+) \} from/gm), (match) =>
          match[1].split(', '),
        ).flat(),
      ].sort();
    };
    // Each engine's entry points in Node.js, CommonJS and ESM, with the declarations they share.
    for (const [specifier, entry] of [
      ['sharpapi-webhooks', 'index'],
      ['sharpapi-webhooks/native', 'index'],
      ['sharpapi-webhooks/wasm', 'index'],
      ['sharpapi-webhooks/express', 'express'],
    ]) {
      const required = require(specifier);
      const imported = await import(specifier);
      const names = namesDeclared(entry);
      assert.deepEqual(Object.keys(required).sort(), names, `${specifier}: ${entry}.d.ts`);
      assert.deepEqual(Object.keys(imported).sort(), names, `${specifier} as ESM`);
      for (const name of names) {
        assert.equal(imported[name], required[name], `${specifier}: ${name} is one object`);
      }
    }
    // The entry of every other runtime, which Node.js can load too.
    const edge = await import('../lib/index.edge.mjs');
    assert.deepEqual(Object.keys(edge).sort(), namesDeclared('index'), 'index.edge.mjs');
  });

  it('is one API over either engine, with the same classes of errors and events', async () => {
    const native = require('sharpapi-webhooks/native');
    const wasm = require('sharpapi-webhooks/wasm');
    const edge = await import('../lib/index.edge.mjs');
    assert.deepEqual([native.engine, wasm.engine, edge.engine], ['native', 'wasm', 'wasm']);
    assert.equal(webhooks, webhooks.engine === 'native' ? native : wasm, 'the chosen one, itself');
    for (const api of [wasm, edge]) {
      assert.notEqual(api.Verifier, native.Verifier, 'a verifier belongs to its engine');
      for (const name of ['WebhookError', 'InvalidSignature', 'WebhookEvent', 'JobType']) {
        assert.equal(api[name], native[name], `${name} is shared`);
      }
      assert.equal(api.nativeVersion, native.nativeVersion);
      const event = new api.Verifier(SECRET).constructEvent(BODY, SIGNATURE);
      assert.ok(event instanceof native.WebhookEvent);
      assert.deepEqual(
        { ...event, result: event.result },
        { ...new native.Verifier(SECRET).constructEvent(BODY, SIGNATURE), result: event.result },
      );
      assert.throws(
        () => new api.Verifier(SECRET).verify(BODY, '0'.repeat(64)),
        (error) => {
          assert.ok(error instanceof native.InvalidSignature);
          return true;
        },
      );
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
