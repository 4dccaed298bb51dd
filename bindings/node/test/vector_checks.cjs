'use strict';
// Every check of a shared vector (tests/vectors/*.json, and test_delivery/'s through testDelivery)
// through the package's API, for any engine in any runtime: vectors.test.js runs them under
// node:test (and the headers vectors over HTTP as well), runtimes/vectors.mjs under Deno and Bun.
// Only what those runtimes share with Node.js is used: the API passed in, node:assert, node:fs,
// node:path, node:buffer.

const assert = require('node:assert/strict');
const { Buffer } = require('node:buffer');
const fs = require('node:fs');
const path = require('node:path');

/**
 * A vector's secret as a string: `{"utf16": [code units]}` is a string of those UTF-16 code units
 * that is not valid Unicode (a lone surrogate), which JavaScript holds as it is.
 */
function secretOf(secret) {
  return typeof secret === 'string' ? secret : String.fromCharCode(...secret.utf16);
}

/**
 * Every vector file of `directory`, as [file name, vectors], with each body as a Uint8Array
 * (`rawBody`) and each secret as a string (`secretStrings`).
 */
function loadVectors(directory) {
  return fs
    .readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const { vectors } = JSON.parse(fs.readFileSync(path.join(directory, name), 'utf8'));
      for (const vector of vectors) {
        vector.rawBody = new Uint8Array(
          vector.body_base64 === undefined
            ? Buffer.from(vector.body, 'utf8')
            : Buffer.from(vector.body_base64, 'base64'),
        );
        vector.secretStrings = vector.secrets.map(secretOf);
      }
      return [name, vectors];
    });
}

/** Checks that the files hold every kind of vector, each name once, and enough of them. */
function checkVectorFiles(files) {
  const names = files.map(([name]) => name);
  for (const kind of ['bodies', 'events', 'headers', 'payload_errors', 'secrets', 'signatures']) {
    assert.ok(names.includes(`${kind}.json`), `${kind}.json is read`);
  }
  const vectorNames = files.flatMap(([, vectors]) => vectors.map((vector) => vector.name));
  assert.equal(new Set(vectorNames).size, vectorNames.length);
  assert.ok(vectorNames.length > 100, `${vectorNames.length} vectors`);
}

/**
 * The vectors of `directory`/test_delivery/deliveries.json: what testDelivery must make from
 * each `given`, byte for byte, or the error it must throw. A missing file throws.
 */
function loadTestDeliveries(directory) {
  const file = path.join(directory, 'test_delivery', 'deliveries.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')).vectors;
}

/** Checks that the test delivery vectors are enough, refused ones among them, each name once. */
function checkTestDeliveryFile(vectors) {
  const names = vectors.map((vector) => vector.name);
  assert.equal(new Set(names).size, names.length);
  assert.ok(names.length >= 17, `${names.length} test delivery vectors`);
  const refused = vectors.filter((vector) => vector.expected.error !== undefined).length;
  assert.ok(refused >= 5, `${refused} test delivery vectors expect an error`);
}

/** The checks of one engine's API (`webhooks`: the package's exports). */
function vectorChecks(webhooks) {
  /** "ok", or the name of the WebhookError that `call` throws; any other error fails the test. */
  function outcomeOf(call) {
    try {
      call();
      return 'ok';
    } catch (error) {
      if (error instanceof webhooks.WebhookError) {
        return error.name;
      }
      throw error;
    }
  }

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
    assert.deepEqual(
      outcomes.construct_event,
      expected.construct_event,
      'constructEventFromHeaders',
    );
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

  /**
   * Runs every check of `vector` but the HTTP ones; fills `outcomes` (in the shape of the vector's
   * `expected`) as it goes, so that a failing check still leaves what was produced.
   */
  function checkVector(vector, outcomes) {
    outcomes.sign = signOutcomes(vector);
    assert.deepEqual(outcomes.sign, vector.expected.sign, 'sign');
    if (vector.headers === undefined) {
      runSignatureVector(vector, outcomes);
    } else {
      runHeadersVector(vector, outcomes);
    }
    runParse(vector, outcomes);
  }

  /**
   * Makes a test delivery vector's delivery with testDelivery: the error the vector names, or its
   * body byte for byte, its signature and its headers in order, which the package's own Verifier
   * then accepts.
   */
  function checkTestDelivery(vector) {
    const { given, expected } = vector;
    const options = { secret: given.secret, id: given.id, status: given.status, type: given.type };
    // No result_json is no result; "" is a text, which the core refuses.
    if (given.result_json !== undefined) {
      options.resultJson = given.result_json;
    }
    let delivery = null;
    const outcome = outcomeOf(() => {
      delivery = webhooks.testDelivery(options);
    });
    assert.equal(outcome, expected.error ?? 'ok', 'testDelivery');
    if (delivery === null) {
      return;
    }
    const body = Buffer.from(delivery.body);
    assert.equal(body.toString('utf8'), expected.body, 'body');
    assert.ok(body.equals(Buffer.from(expected.body, 'utf8')), 'body, byte for byte');
    assert.equal(delivery.signature, expected.signature, 'signature');
    assert.deepEqual(Object.entries(delivery.headers), expected.headers, 'headers');
    const event = new webhooks.Verifier(given.secret).constructEventFromHeaders(
      delivery.body,
      delivery.headers,
    );
    assert.deepEqual(
      [event.id, event.status, event.type],
      [given.id, given.status, given.type],
      'the delivery verified',
    );
  }

  return { checkVector, checkTestDelivery };
}

/**
 * Writes `language`'s report for scripts/conformance.py into `directory`: the outcomes, in the
 * order of the files, whatever order the checks finished in.
 */
function writeConformance(directory, language, files, outcomesByName) {
  const outcomes = {};
  for (const [, vectors] of files) {
    for (const { name } of vectors) {
      if (outcomesByName[name] !== undefined) {
        outcomes[name] = outcomesByName[name];
      }
    }
  }
  fs.mkdirSync(directory, { recursive: true });
  fs.writeFileSync(
    path.join(directory, `${language}.json`),
    `${JSON.stringify({ language, outcomes }, null, 2)}\n`,
  );
}

module.exports = {
  loadVectors,
  checkVectorFiles,
  loadTestDeliveries,
  checkTestDeliveryFile,
  vectorChecks,
  writeConformance,
};
