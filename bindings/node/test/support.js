'use strict';
// What the tests share: the repository's vectors, outcomes by error name, and HTTP on loopback.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { WebhookError } = require('sharpapi-webhooks');

const REPOSITORY = path.resolve(__dirname, '..', '..', '..');
const VECTORS = path.join(REPOSITORY, 'tests', 'vectors');

/** Every vector file of tests/vectors, as [file name, vectors], with each body as a Buffer. */
function vectorFiles() {
  return fs
    .readdirSync(VECTORS)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const { vectors } = JSON.parse(fs.readFileSync(path.join(VECTORS, name), 'utf8'));
      for (const vector of vectors) {
        vector.rawBody =
          vector.body_base64 === undefined
            ? Buffer.from(vector.body, 'utf8')
            : Buffer.from(vector.body_base64, 'base64');
      }
      return [name, vectors];
    });
}

/** "ok", or the name of the WebhookError that `call` throws; any other error fails the test. */
function outcomeOf(call) {
  try {
    call();
    return 'ok';
  } catch (error) {
    if (error instanceof WebhookError) {
      return error.name;
    }
    throw error;
  }
}

/** Checks an event against a vector's EVENT; `actual` may be a WebhookEvent or its JSON. */
function checkEvent(expected, actual, label) {
  assert.equal(actual.id, expected.id, `${label}: id`);
  assert.equal(actual.status, expected.status, `${label}: status`);
  assert.equal(actual.type, expected.type, `${label}: type`);
  assert.equal(actual.resultJson, expected.result, `${label}: resultJson`);
  assert.equal(actual.statusKnown, expected.status_known, `${label}: statusKnown`);
  assert.equal(actual.typeKnown, expected.type_known, `${label}: typeKnown`);
}

/** Serves `app` on 127.0.0.1 at a free port until `close()`. */
async function listen(app) {
  const server = http.createServer(app);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * POSTs `body` with exactly the header lines `headers` ([name, value] pairs, repeats kept in
 * order, which fetch would merge); resolves to { status, json }.
 */
function postRaw(port, pathname, headers, body) {
  const lines = ['Host', `127.0.0.1:${port}`, 'Content-Length', String(body.length)];
  for (const [name, value] of headers) {
    lines.push(name, value);
  }
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: pathname, headers: lines },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode,
            json: JSON.parse(Buffer.concat(chunks).toString('utf8')),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

module.exports = { REPOSITORY, vectorFiles, outcomeOf, checkEvent, listen, postRaw };
