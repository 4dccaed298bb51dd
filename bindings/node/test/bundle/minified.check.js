'use strict';
// The package bundled and minified as an application's bundler does it without keepNames
// (esbuild's --minify, as terser would): classes renamed to one letter. The errors must keep
// their classes and names, which the JSON answers, the vectors and every other binding use; they
// come from the generated vocabulary, never from Function.name. Not a *.test.js of `npm test`:
// esbuild comes from SHARPAPI_WORKERD_TOOLS, the folder where scripts/test_node.sh installs it
// (pinned) with workerd.
//
//   SHARPAPI_WORKERD_TOOLS=target/tools/workerd node --test test/bundle/minified.check.js

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { after, before, describe, it } = require('node:test');
const { pathToFileURL } = require('node:url');

const TOOLS = process.env.SHARPAPI_WORKERD_TOOLS;
if (!TOOLS) {
  throw new Error('SHARPAPI_WORKERD_TOOLS must name the folder where esbuild is installed');
}
const esbuild = require(path.join(path.resolve(TOOLS), 'node_modules', 'esbuild'));

// Imported by its name, as an application does (the package refers to itself through its
// exports), under the conditions of a browser or worker bundle: the WebAssembly engine, its module
// carried as base64, and the Web integration over it.
const ENTRY = `
  import { InvalidSignature, Verifier, WebhookError, sign } from 'sharpapi-webhooks';
  import { webhookHandler } from 'sharpapi-webhooks/web';

  export async function check() {
    const body = new TextEncoder().encode('{"id":"1","status":"success","type":"content_translate"}');
    let thrown = null;
    try {
      new Verifier('whsec_bundle').verify(body, sign(body, 'whsec_other'));
    } catch (error) {
      thrown = error;
    }
    const handler = webhookHandler({ secret: 'whsec_bundle', onEvent: () => {} });
    const request = (signature) => new Request('https://example.com/', {
      method: 'POST',
      headers: { 'X-Signature': signature },
      body,
    });
    const refused = await handler(request('0'.repeat(64)));
    const handled = await handler(request(sign(body, 'whsec_bundle')));
    return {
      className: InvalidSignature.name,
      classCode: InvalidSignature.code,
      baseName: WebhookError.name,
      isInstance: thrown instanceof InvalidSignature && thrown instanceof WebhookError,
      name: thrown?.name,
      code: thrown?.code,
      constructorName: thrown?.constructor.name,
      refused: [refused.status, await refused.json()],
      handled: [handled.status, await handled.json()],
    };
  }
`;

describe('a bundle minified without keepNames', () => {
  let folder = null;
  let bundled = null;
  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpapi-minified-'));
    const result = await esbuild.build({
      stdin: { contents: ENTRY, resolveDir: path.join(__dirname, '..'), loader: 'js' },
      outfile: path.join(folder, 'bundle.mjs'),
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      conditions: ['worker', 'browser'],
      mainFields: ['module', 'main'],
      minify: true,
      keepNames: false,
      logLevel: 'warning',
    });
    assert.deepEqual(result.errors, []);
    bundled = fs.readFileSync(path.join(folder, 'bundle.mjs'), 'utf8');
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('renames the classes, so that Function.name is no longer theirs', () => {
    assert.doesNotMatch(bundled, /class InvalidSignature\b/);
    assert.match(bundled, /"InvalidSignature"/, 'the name survives only as text');
  });

  it("keeps each error's class, name and code, and the answers' JSON", async () => {
    const { check } = await import(pathToFileURL(path.join(folder, 'bundle.mjs')).href);
    const outcome = await check();
    assert.deepEqual(outcome, {
      className: 'InvalidSignature',
      classCode: 4,
      baseName: 'WebhookError',
      isInstance: true,
      name: 'InvalidSignature',
      code: 4,
      constructorName: 'InvalidSignature',
      refused: [
        401,
        {
          error: 'InvalidSignature',
          code: 4,
          message: outcome.refused[1].message,
        },
      ],
      handled: [200, { id: '1', outcome: 'handled' }],
    });
    assert.match(outcome.refused[1].message, /^invalid signature: /);
  });
});
