'use strict';
// What the tests share: the repository's vectors, outcomes by error name, and HTTP on loopback.

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');
const { WebhookError } = require('sharpapi-webhooks');

const REPOSITORY = path.resolve(__dirname, '..', '..', '..');
const VECTORS = path.join(REPOSITORY, 'tests', 'vectors');

/**
 * A vector's secret as a string: `{"utf16": [code units]}` is a string of those UTF-16 code units
 * that is not valid Unicode (a lone surrogate), which JavaScript holds as it is.
 */
function secretOf(secret) {
  return typeof secret === 'string' ? secret : String.fromCharCode(...secret.utf16);
}

/**
 * Every vector file of tests/vectors, as [file name, vectors], with each body as a Buffer
 * (`rawBody`) and each secret as a string (`secretStrings`).
 */
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
        vector.secretStrings = vector.secrets.map(secretOf);
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

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Whether HTTP/1.1 can carry these [name, value] pairs as header lines: a name of token
 * characters, a value without control characters other than tab (a value's other characters
 * travel as their UTF-8 bytes).
 */
function sendableOverHttp(headers) {
  return headers.every(
    ([name, value]) =>
      TOKEN.test(name) && value.isWellFormed() && !/[\0-\x08\x0a-\x1f\x7f]/.test(value),
  );
}

/**
 * POSTs `body` with exactly the header lines `headers` ([name, value] pairs, repeats kept apart,
 * which fetch would merge, each written as its UTF-8 bytes) over a socket of its own; resolves
 * to { status, json }.
 */
function postRaw(port, pathname, headers, body) {
  const lines = [
    `POST ${pathname} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    `Content-Length: ${body.length}`,
    'Connection: close',
    ...headers.map(([name, value]) => `${name}: ${value}`),
  ];
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const response = Buffer.concat(chunks).toString('utf8');
      const split = response.indexOf('\r\n\r\n');
      const status = Number(response.slice(0, split).match(/^HTTP\/1\.1 (\d{3}) /)[1]);
      const content = response.slice(split + 4);
      resolve({ status, json: content === '' ? null : JSON.parse(content) });
    });
    socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), body]));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** redis-server on a free port of 127.0.0.1, without persistence, until `stop()`. */
async function startRedis() {
  const port = await freePort();
  const server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  server.stdout.on('data', (data) => {
    output += data;
  });
  const spawned = new Promise((resolve, reject) => {
    server.on('error', (error) =>
      reject(
        new Error(
          `redis-server could not start (is Debian's redis-server installed?): ${error.message}`,
        ),
      ),
    );
    server.on('spawn', resolve);
  });
  await spawned;
  for (let attempt = 0; !/Ready to accept connections/.test(output); attempt += 1) {
    if (attempt > 100 || server.exitCode !== null) {
      server.kill();
      throw new Error(`redis-server did not start: ${output}`);
    }
    await sleep(50);
  }
  return {
    url: `redis://127.0.0.1:${port}/0`,
    stop: () =>
      new Promise((resolve) => {
        server.on('exit', resolve);
        server.kill('SIGTERM');
      }),
  };
}

module.exports = {
  REPOSITORY,
  freePort,
  startRedis,
  secretOf,
  vectorFiles,
  outcomeOf,
  checkEvent,
  listen,
  sendableOverHttp,
  postRaw,
};
