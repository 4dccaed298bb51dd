'use strict';
// The two engines side by side: the same answers to the same inputs, what only the WebAssembly
// engine has to get right (its memory growing, a trap, the entry of the other runtimes loading
// no Node.js built-in), and the choice of engine in Node.js.

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it } = require('node:test');
const native = require('sharpapi-webhooks/native');
const wasm = require('sharpapi-webhooks/wasm');
const { createApi } = require('../lib/api');
const { createWasmEngine } = require('../lib/wasm_engine');

const LIB = path.join(__dirname, '..', 'lib');

/** What a call gave: its value as JSON, or the error's class name and message. */
function outcome(call) {
  try {
    const value = call();
    return { value: JSON.parse(JSON.stringify(value ?? null)) };
  } catch (error) {
    return { error: error.constructor.name, code: error.code, message: error.message };
  }
}

describe('both engines', () => {
  it('give the same answer to the same random deliveries', () => {
    // Bodies near an event, signatures near the right one, secrets of every kind of character:
    // every outcome of each call, the message included, must match.
    const random = (items) => items[crypto.randomInt(items.length)];
    const pieces = [
      '{"id":"1",',
      '"status":"success",',
      '"type":"x"',
      '}',
      '"result":[1,2]',
      '\\u0000',
      'é',
      '\ud83d',
      ' ',
      ',',
    ];
    const secrets = ['s', 'sécret', '\ud800', '', 'x'.repeat(100), 'a\0b'];
    for (let round = 0; round < 300; round += 1) {
      const body = Buffer.from(
        Array.from({ length: crypto.randomInt(8) }, () => random(pieces)).join(''),
      );
      const secret = random(secrets);
      const right = crypto.createHmac('sha256', secret).update(body).digest('hex');
      const signature = random([
        right,
        right.toUpperCase(),
        ` ${right}\t`,
        right.slice(1),
        `${right}\0`,
        '',
        null,
        '0'.repeat(64),
      ]);
      const headers = [
        'X-Signature',
        signature ?? '',
        'x-signature',
        random([signature ?? '', right]),
      ];
      const calls = (api) => [
        () => api.sign(body, secret),
        () => new api.Verifier([secret, 'other']).verify(body, signature),
        () => new api.Verifier(secret).isValid(body, signature),
        () => api.constructEvent(body, signature, secret),
        () => api.constructEventFromHeaders(body, headers, [secret]),
        () => api.parseEventUnverified(body),
        () => api.explain(body, signature, [secret, 'other']),
        () => api.explain(body, headers, secret),
        () => {
          const text = body.toString();
          const delivery = api.testDelivery({ secret, id: text, type: text, resultJson: text });
          return [delivery.body.toString('base64'), delivery.headers];
        },
      ];
      const [ofNative, ofWasm] = [native, wasm].map((api) => calls(api).map(outcome));
      assert.deepEqual(ofWasm, ofNative, `${body} ${JSON.stringify([secret, signature])}`);
    }
  });
});

describe('the WebAssembly engine', () => {
  it('takes bodies larger than its memory first holds, then small ones again', () => {
    const verifier = new wasm.Verifier('s');
    for (const size of [1 << 20, 24 << 20, 10, 3 << 20]) {
      const body = Buffer.from(
        JSON.stringify({ id: `${size}`, status: 'new', type: 't', result: 'x'.repeat(size) }),
      );
      const event = verifier.constructEvent(body, wasm.sign(body, 's'));
      assert.equal(event.id, `${size}`);
      assert.equal(event.resultJson.length, size + 2);
    }
  });

  it('reuses the memory of verifiers that were collected', () => {
    // Once the memory has grown to hold a batch of verifiers, batches after it fit in it.
    const script = `
      const webhooks = require('sharpapi-webhooks/wasm');
      const body = Buffer.from('{"id":"1","status":"new","type":"seo_generate_tags"}');
      const kept = new webhooks.Verifier('s');
      const memory = () => require('../wasm/sharpapi_webhooks_wasm.cjs').linear_memory().buffer.byteLength;
      const collect = async () => {
        for (let i = 0; i < 5; i++) { globalThis.gc(); await new Promise((resolve) => setImmediate(resolve)); }
      };
      (async () => {
        const sizes = [];
        for (let batch = 0; batch < 4; batch++) {
          for (let i = 0; i < 20000; i++) new webhooks.Verifier(['s', 't']).verify(body, webhooks.sign(body, 's'));
          await collect();
          sizes.push(memory());
        }
        process.stdout.write(kept.constructEvent(body, webhooks.sign(body, 's')).type + ' ' + (sizes[3] === sizes[1]));
      })();`;
    const result = spawnSync(process.execPath, ['--expose-gc', '-e', script], {
      cwd: __dirname,
      encoding: 'utf8',
    });
    assert.equal(result.stdout, 'seo_generate_tags true', result.stderr);
  });

  it('fails a call that traps, and every later one, with InternalError, never a wrong answer', () => {
    const generated = require('../wasm/sharpapi_webhooks_wasm.cjs');
    let trap = false;
    const trapping = {
      ...generated,
      verifier_verify(handle, signature) {
        if (trap) {
          throw new WebAssembly.RuntimeError('unreachable');
        }
        return generated.verifier_verify(handle, signature);
      },
    };
    const api = createApi(createWasmEngine(trapping));
    const verifier = new api.Verifier('s');
    const body = Buffer.from('{"id":"1","status":"new","type":"t"}');
    const signature = api.sign(body, 's');
    assert.equal(verifier.verify(body, signature), true);
    trap = true;
    const internal = {
      name: 'WebhookError',
      code: 103,
      message:
        /^sharpapi-webhooks: unexpected status 103 \(InternalError\): internal error: .*the WebAssembly module stopped \(RuntimeError: unreachable\).*restart the process$/,
    };
    assert.throws(() => verifier.verify(body, signature), internal);
    trap = false;
    assert.throws(() => verifier.constructEvent(body, signature), internal);
    assert.throws(() => api.sign(body, 's'), internal);
    assert.throws(() => new api.Verifier('s'), internal);
    assert.throws(() => verifier.isValid(body, signature), internal);
    // The package's own engine, another instance, is untouched.
    assert.equal(new wasm.Verifier('s').verify(body, signature), true);
  });

  it('refuses, with a RangeError, arguments its memory cannot make room for, and goes on', () => {
    const generated = require('../wasm/sharpapi_webhooks_wasm.cjs');
    let full = false;
    const api = createApi(
      createWasmEngine({ ...generated, input: (len) => (full ? 0 : generated.input(len)) }),
    );
    const verifier = new api.Verifier('s');
    const body = Buffer.from('{"id":"1","status":"new","type":"t"}');
    const signature = api.sign(body, 's');
    full = true;
    assert.throws(() => verifier.constructEvent(body, signature), {
      name: 'RangeError',
      message: /^sharpapi-webhooks: the WebAssembly memory cannot hold \d+ bytes of arguments$/,
    });
    full = false;
    assert.equal(verifier.constructEvent(body, signature).id, '1');
  });

  it('refuses a module of another version, naming both', () => {
    const generated = require('../wasm/sharpapi_webhooks_wasm.cjs');
    assert.throws(() => createWasmEngine({ ...generated, version: () => '0.0.1' }), {
      message:
        /^sharpapi-webhooks \d+\.\d+\.\d+ needs its WebAssembly module at \d+\.\d+\.\d+, but the module is 0\.0\.1$/,
    });
  });

  it('loads, for the other runtimes, no Node.js built-in and reads no file', () => {
    // Every module that index.edge.mjs reaches, through imports and requires: none may name a
    // built-in (workerd and browsers have none), nor the Node.js glue that reads the .wasm.
    const reached = new Set();
    const visit = (file) => {
      if (reached.has(file)) return;
      reached.add(file);
      const source = fs.readFileSync(file, 'utf8');
      const specifiers = [
        ...source.matchAll(/^\s*import\s+(?:[\w*{}\s,]+\s+from\s+)?'([^']+)'/gm),
        ...source.matchAll(/require\('([^']+)'\)/g),
      ].map((match) => match[1]);
      // Globals of Node.js only, outside comments and strings.
      const code = source
        .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
        .replace(/'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`|"(?:[^"\\\n]|\\.)*"/g, "''");
      assert.doesNotMatch(code, /\b(Buffer|process|__dirname|global)\b/, file);
      for (const specifier of specifiers) {
        assert.ok(
          !/^node:|^(fs|path|util|crypto|buffer)$/.test(specifier),
          `${file}: ${specifier}`,
        );
        assert.ok(!specifier.endsWith('.cjs'), `${file}: ${specifier}`);
        if (specifier === '#wasm-module') {
          for (const variant of [
            'wasm_module.mjs',
            'wasm_module.workerd.mjs',
            'wasm_module.edge-light.mjs',
          ]) {
            visit(path.join(LIB, variant));
          }
        } else if (specifier.startsWith('.') && !specifier.includes('.wasm')) {
          const resolved = path.resolve(path.dirname(file), specifier);
          visit(fs.existsSync(resolved) ? resolved : `${resolved}.js`);
        }
      }
    };
    visit(path.join(LIB, 'index.edge.mjs'));
    const names = [...reached].map((file) => path.relative(path.join(LIB, '..'), file)).sort();
    for (const expected of [
      'lib/api.js',
      'lib/errors.js',
      'lib/event.js',
      'lib/text.js',
      'lib/vocabulary.js',
      'lib/wasm_engine.js',
      'wasm/sharpapi_webhooks_wasm.mjs',
    ]) {
      assert.ok(names.includes(expected), `${expected} among ${names}`);
    }
    assert.ok(!names.includes('lib/native.js') && !names.includes('lib/platform.js'), names);
  });

  it('carries the .wasm as base64 too, byte for byte', async () => {
    const { default: base64 } = await import('../wasm/sharpapi_webhooks_wasm_base64.mjs');
    const file = fs.readFileSync(
      path.join(__dirname, '..', 'wasm', 'sharpapi_webhooks_wasm_bg.wasm'),
    );
    assert.ok(Buffer.from(base64, 'base64').equals(file));
  });
});
