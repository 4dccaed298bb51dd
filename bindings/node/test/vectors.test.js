'use strict';
// Every vector of tests/vectors/*.json, tests/vectors/explain/ and tests/vectors/test_delivery/,
// one test each, named after it, through the engine that `require('sharpapi-webhooks')` runs: the
// native one here, the WebAssembly one when SHARPAPI_WEBHOOKS_ENGINE=wasm
// (vectors.wasm.test.js). With SHARPAPI_CONFORMANCE_DIR set, the outcomes of tests/vectors/*.json
// are also written there, for scripts/conformance.py's table of every language: node.json for the
// native engine, node-wasm.json for the WebAssembly one.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { after, before, describe, it } = require('node:test');
const express = require('express');
const webhooks = require('sharpapi-webhooks');
const { webhookMiddleware } = require('sharpapi-webhooks/express');
const {
  REPOSITORY,
  checkEvent,
  listen,
  postRaw,
  secretOf,
  sendableOverHttp,
} = require('./support');
const {
  checkTestDeliveryFile,
  checkVectorFiles,
  loadTestDeliveries,
  loadVectors,
  vectorChecks,
  writeConformance,
} = require('./vector_checks.cjs');

const files = loadVectors(path.join(REPOSITORY, 'tests', 'vectors'));
const { checkVector, checkTestDelivery } = vectorChecks(webhooks);
/** The outcomes produced, by vector name, in the shape of each vector's `expected`. */
const conformance = {};

describe(`the ${webhooks.engine} engine`, () => {
  it('is the one SHARPAPI_WEBHOOKS_ENGINE asks for, if it asks', () => {
    const asked = process.env.SHARPAPI_WEBHOOKS_ENGINE;
    assert.equal(webhooks.engine, asked || webhooks.engine);
  });
});

describe('the vector files', () => {
  it('include every kind, and no name twice', () => checkVectorFiles(files));
});

for (const [file, vectors] of files) {
  describe(file, () => {
    let server = null;
    // The headers vectors that HTTP/1.1 can carry also go through the Express middleware, which
    // hands the core req.rawHeaders; the others (a NUL in a value, say) through the API only.
    const overHttp = vectors.filter(
      (vector) => vector.headers !== undefined && sendableOverHttp(vector.headers),
    );
    if (overHttp.length > 0) {
      before(async () => {
        const app = express();
        for (const vector of overHttp) {
          app.post(`/${vector.name}`, webhookMiddleware(vector.secretStrings), (req, res) => {
            res.json(req.sharpapiEvent);
          });
        }
        server = await listen(app);
      });
      after(() => server.close());
    }

    for (const vector of vectors) {
      it(vector.name, async () => {
        const outcomes = {};
        conformance[vector.name] = outcomes;
        checkVector(vector, outcomes);
        if (overHttp.includes(vector)) {
          const expected = vector.expected.construct_event;
          const { status, json } = await postRaw(
            server.port,
            `/${vector.name}`,
            vector.headers,
            vector.rawBody,
          );
          if (expected.error === undefined) {
            assert.equal(status, 200, JSON.stringify(json));
            checkEvent(expected.event, json, 'over HTTP');
          } else {
            assert.equal(json.error, expected.error, 'over HTTP');
            assert.equal(status, expected.error === 'InvalidPayload' ? 400 : 401);
          }
        }
      });
    }
  });
}

// tests/vectors/explain/: each vector's body, signature (null: the header is absent) and secrets
// through explain(), which must name exactly the expected causes, in the order of their codes.
const EXPLAIN = path.join(REPOSITORY, 'tests', 'vectors', 'explain', 'transformations.json');
describe('explain/transformations.json', () => {
  const { vectors } = JSON.parse(fs.readFileSync(EXPLAIN, 'utf8'));

  it('holds a vector for every cause', () => {
    const named = new Set(vectors.flatMap((vector) => vector.expected.causes));
    assert.deepEqual([...named].sort(), Object.values(webhooks.Cause).sort());
  });

  for (const vector of vectors) {
    it(vector.name, () => {
      const explanation = webhooks.explain(
        Buffer.from(vector.body, 'utf8'),
        vector.signature,
        vector.secrets.map(secretOf),
      );
      const causes = explanation.causes.map(({ name }) => name);
      assert.deepEqual(causes, vector.expected.causes, vector.description);
      assert.equal(explanation.isValid, causes[0] === 'signature_matches');
    });
  }
});

// tests/vectors/test_delivery/: each vector's delivery made by testDelivery, byte for byte, and
// accepted by the package's own Verifier; or the error it names.
describe('test_delivery/deliveries.json', () => {
  const vectors = loadTestDeliveries(path.join(REPOSITORY, 'tests', 'vectors'));

  it('holds enough vectors, refused ones among them, and no name twice', () =>
    checkTestDeliveryFile(vectors));

  for (const vector of vectors) {
    it(vector.name, () => checkTestDelivery(vector));
  }
});

after(() => {
  const directory = process.env.SHARPAPI_CONFORMANCE_DIR;
  if (directory) {
    const language = webhooks.engine === 'native' ? 'node' : 'node-wasm';
    writeConformance(directory, language, files, conformance);
  }
});
