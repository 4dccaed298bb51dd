'use strict';
// Every vector of tests/vectors/*.json, one test each, named after it.

const assert = require('node:assert/strict');
const { after, before, describe, it } = require('node:test');
const express = require('express');
const webhooks = require('sharpapi-webhooks');
const { webhookMiddleware } = require('sharpapi-webhooks/express');
const { vectorFiles, outcomeOf, checkEvent, listen, postRaw } = require('./support');

const files = vectorFiles();

// The C ABI has no header lookup, so a headers vector goes through the Express middleware over
// HTTP, which takes X-Signature as Node gives it: repeated headers joined by ", ". The core would
// accept two equal values; joined, they are one malformed value. SharpAPI sends one header.
const AS_NODE_JOINS_REPEATS = {
  'headers-repeated-same': { error: 'MalformedSignature' },
  'headers-repeated-same-after-trim': { error: 'MalformedSignature' },
};

/** The vector's construct_event outcome, as "ok" plus the event or an error name. */
function expectedOutcome(expected) {
  return expected.error === undefined ? 'ok' : expected.error;
}

function checkSign(vector) {
  vector.secrets.forEach((secret, index) => {
    const expected = vector.expected.sign[index];
    if (expected === null) {
      assert.equal(
        outcomeOf(() => webhooks.sign(vector.rawBody, secret)),
        'InvalidSecret',
        `sign #${index}`,
      );
    } else {
      assert.equal(webhooks.sign(vector.rawBody, secret), expected, `sign #${index}`);
    }
  });
}

function checkVerifier(vector) {
  const { expected, rawBody, signature, secrets } = vector;
  let verifier = null;
  const made = outcomeOf(() => {
    verifier = new webhooks.Verifier(secrets);
  });
  const verified = verifier ? outcomeOf(() => verifier.verify(rawBody, signature)) : made;
  assert.equal(verified, expected.verify, 'verify');
  if (verifier) {
    assert.equal(verifier.isValid(rawBody, signature), verified === 'ok', 'isValid');
  }
  let event = null;
  const constructed = verifier
    ? outcomeOf(() => {
        event = verifier.constructEvent(rawBody, signature);
      })
    : made;
  assert.equal(constructed, expectedOutcome(expected.construct_event), 'constructEvent');
  if (event) {
    checkEvent(expected.construct_event.event, event, 'constructEvent');
    const result = expected.construct_event.event.result;
    assert.deepEqual(event.result, result === null ? null : JSON.parse(result), 'result');
  }
  if (secrets.length === 1) {
    assert.equal(
      outcomeOf(() => webhooks.verify(rawBody, signature, secrets[0])),
      expected.verify,
      'verify()',
    );
    assert.equal(
      outcomeOf(() => webhooks.constructEvent(rawBody, signature, secrets[0])),
      constructed,
      'constructEvent()',
    );
  }
}

function checkParse(vector) {
  let event = null;
  const parsed = outcomeOf(() => {
    event = webhooks.parseEventUnverified(vector.rawBody);
  });
  const expected = vector.expected.parse_event_unverified;
  assert.equal(parsed, expectedOutcome(expected), 'parseEventUnverified');
  if (event) {
    checkEvent(expected.event, event, 'parseEventUnverified');
  }
}

describe('the vector files', () => {
  it('include every kind, and no name twice', () => {
    const names = files.map(([name]) => name);
    for (const kind of ['bodies', 'events', 'headers', 'payload_errors', 'secrets', 'signatures']) {
      assert.ok(names.includes(`${kind}.json`), `${kind}.json is read`);
    }
    const vectorNames = files.flatMap(([, vectors]) => vectors.map((vector) => vector.name));
    assert.equal(new Set(vectorNames).size, vectorNames.length);
    assert.ok(vectorNames.length > 100, `${vectorNames.length} vectors`);
  });
});

for (const [file, vectors] of files) {
  describe(file, () => {
    let server = null;
    const headerVectors = vectors.filter((vector) => vector.headers !== undefined);
    if (headerVectors.length > 0) {
      before(async () => {
        const app = express();
        for (const vector of headerVectors) {
          app.post(`/${vector.name}`, webhookMiddleware(vector.secrets), (req, res) => {
            res.json(req.sharpapiEvent);
          });
        }
        server = await listen(app);
      });
      after(() => server.close());
    }

    for (const vector of vectors) {
      it(vector.name, async () => {
        checkSign(vector);
        if (vector.headers === undefined) {
          checkVerifier(vector);
        } else {
          const expected = AS_NODE_JOINS_REPEATS[vector.name] ?? vector.expected.construct_event;
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
        checkParse(vector);
      });
    }
  });
}
