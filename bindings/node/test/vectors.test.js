'use strict';
// Every vector of tests/vectors/*.json, one test each, named after it. With
// SHARPAPI_CONFORMANCE_DIR set, the outcomes this package produced are also written to
// $SHARPAPI_CONFORMANCE_DIR/node.json, for scripts/conformance.py's table of every language.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { after, before, describe, it } = require('node:test');
const express = require('express');
const webhooks = require('sharpapi-webhooks');
const { webhookMiddleware } = require('sharpapi-webhooks/express');
const {
  vectorFiles,
  outcomeOf,
  checkEvent,
  listen,
  sendableOverHttp,
  postRaw,
} = require('./support');

const files = vectorFiles();
/** The outcomes produced, by vector name, in the shape of each vector's `expected`. */
const conformance = {};

/** An event as the vectors spell it. */
function eventJson(event) {
  return {
    id: event.id,
    status: event.status,
    type: event.type,
    result: event.resultJson,
    status_known: event.statusKnown,
    type_known: event.typeKnown,
  };
}

/** `{ event }` or `{ error }` for a call that makes an event; any other error fails the test. */
function outcomeJson(call) {
  let event = null;
  const outcome = outcomeOf(() => {
    event = call();
  });
  return outcome === 'ok' ? { event: eventJson(event) } : { error: outcome };
}

/** The hex signature, or null for InvalidSecret, of sign() with each secret. */
function signOutcomes(vector) {
  return vector.secretStrings.map((secret) => {
    let signature = null;
    const outcome = outcomeOf(() => {
      signature = webhooks.sign(vector.rawBody, secret);
    });
    if (outcome === 'ok') {
      return signature;
    }
    assert.equal(outcome, 'InvalidSecret', 'sign');
    return null;
  });
}

/** A verifier from the vector's secrets, or the name of the error that refused them. */
function verifierOf(vector) {
  let verifier = null;
  const made = outcomeOf(() => {
    verifier = new webhooks.Verifier(vector.secretStrings);
  });
  return { verifier, made };
}

function runSignatureVector(vector, outcomes) {
  const { expected, rawBody, signature } = vector;
  const secrets = vector.secretStrings;
  const { verifier, made } = verifierOf(vector);
  outcomes.verify = verifier ? outcomeOf(() => verifier.verify(rawBody, signature)) : made;
  assert.equal(outcomes.verify, expected.verify, 'verify');
  if (verifier) {
    assert.equal(verifier.isValid(rawBody, signature), outcomes.verify === 'ok', 'isValid');
  }
  outcomes.construct_event = verifier
    ? outcomeJson(() => verifier.constructEvent(rawBody, signature))
    : { error: made };
  assert.deepEqual(outcomes.construct_event, expected.construct_event, 'constructEvent');
  if (outcomes.construct_event.event) {
    const { result } = outcomes.construct_event.event;
    assert.deepEqual(
      verifier.constructEvent(rawBody, signature).result,
      result === null ? null : JSON.parse(result),
      'result',
    );
  }
  if (secrets.length === 1) {
    assert.equal(
      outcomeOf(() => webhooks.verify(rawBody, signature, secrets[0])),
      expected.verify,
      'verify()',
    );
    assert.deepEqual(
      outcomeJson(() => webhooks.constructEvent(rawBody, signature, secrets[0])),
      expected.construct_event,
      'constructEvent()',
    );
  }
}

function runHeadersVector(vector, outcomes) {
  const { expected, rawBody, headers } = vector;
  const { verifier, made } = verifierOf(vector);
  // As Node's req.rawHeaders: [name, value, name, value, ...], each header line a pair.
  const rawHeaders = headers.flat();
  outcomes.construct_event = verifier
    ? outcomeJson(() => verifier.constructEventFromHeaders(rawBody, rawHeaders))
    : { error: made };
  assert.deepEqual(outcomes.construct_event, expected.construct_event, 'constructEventFromHeaders');
  if (verifier) {
    // The same pairs as [name, value] arrays, and through the free function.
    assert.deepEqual(
      outcomeJson(() => verifier.constructEventFromHeaders(rawBody, headers)),
      expected.construct_event,
      'constructEventFromHeaders with pairs',
    );
  }
  if (vector.secretStrings.length === 1) {
    assert.deepEqual(
      outcomeJson(() =>
        webhooks.constructEventFromHeaders(rawBody, rawHeaders, vector.secretStrings[0]),
      ),
      expected.construct_event,
      'constructEventFromHeaders()',
    );
  }
}

function runParse(vector, outcomes) {
  outcomes.parse_event_unverified = outcomeJson(() =>
    webhooks.parseEventUnverified(vector.rawBody),
  );
  assert.deepEqual(
    outcomes.parse_event_unverified,
    vector.expected.parse_event_unverified,
    'parseEventUnverified',
  );
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
        const outcomes = { sign: signOutcomes(vector) };
        conformance[vector.name] = outcomes;
        assert.deepEqual(outcomes.sign, vector.expected.sign, 'sign');
        if (vector.headers === undefined) {
          runSignatureVector(vector, outcomes);
        } else {
          runHeadersVector(vector, outcomes);
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
        }
        runParse(vector, outcomes);
      });
    }
  });
}

after(() => {
  const directory = process.env.SHARPAPI_CONFORMANCE_DIR;
  if (!directory) {
    return;
  }
  // In the order of the files, whatever order the tests finished in.
  const outcomes = {};
  for (const [, vectors] of files) {
    for (const { name } of vectors) {
      if (conformance[name] !== undefined) {
        outcomes[name] = conformance[name];
      }
    }
  }
  fs.mkdirSync(directory, { recursive: true });
  fs.writeFileSync(
    path.join(directory, 'node.json'),
    `${JSON.stringify({ language: 'node', outcomes }, null, 2)}\n`,
  );
});
