'use strict';
// constructEvent through both engines against node:crypto's path, in one run, at 1 KiB and 64 KiB.
//
// The node:crypto path is the vendor's JavaScript snippet done right: createHmac over the raw
// body, a length check and timingSafeEqual over the decoded digest, then JSON.parse. Ours is
// Verifier#constructEvent through the native engine (the library, through Koffi) and the
// WebAssembly one; "+result" also reads event.result, parsing the result's JSON as the peer
// parses the whole body; "fromHeaders" is constructEventFromHeaders over the 8 header lines of a
// typical delivery, as the Express middleware passes req.rawHeaders. Each figure is the best of
// many short interleaved rounds, so that every path sees the same machine, quiet or busy.
//
//   node bench/construct_event.js

const crypto = require('node:crypto');
const native = require('sharpapi-webhooks/native');
const wasm = require('sharpapi-webhooks/wasm');

const SECRET = 'whsec_benchmark';
const SIZES = [1 << 10, 64 << 10];
const ROUNDS = 60;
const ROUND_MS = 15;

function delivery(size) {
  const head =
    '{"id":"bf683177-3a48-47d1-9c4e-0b4de39517fa","status":"success","type":"content_translate","result":{"content":"';
  const tail = '"}}';
  return Buffer.from(head + 'x'.repeat(size - head.length - tail.length) + tail);
}

/** The calls to time at one body size: the peer first, then each engine's. */
function callsFor(size) {
  const body = delivery(size);
  const signature = crypto.createHmac('sha256', SECRET).update(body).digest('hex');
  const rawHeaders = [
    ['Host', 'example.com'],
    ['User-Agent', 'SharpAPIWebhook/1.0'],
    ['Content-Type', 'application/json'],
    ['Content-Length', String(size)],
    ['Accept', '*/*'],
    ['Accept-Encoding', 'gzip, deflate'],
    ['Connection', 'keep-alive'],
    ['X-Signature', signature],
  ].flat();
  const calls = {
    'node:crypto': () => {
      const expected = crypto.createHmac('sha256', SECRET).update(body).digest();
      const given = Buffer.from(signature, 'hex');
      if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
        throw new Error('invalid signature');
      }
      return JSON.parse(body);
    },
  };
  for (const api of [native, wasm]) {
    const verifier = new api.Verifier(SECRET);
    calls[`${api.engine} constructEvent`] = () => verifier.constructEvent(body, signature);
    calls[`${api.engine} +result`] = () => verifier.constructEvent(body, signature).result;
    calls[`${api.engine} fromHeaders`] = () => verifier.constructEventFromHeaders(body, rawHeaders);
  }
  // Every path must give the same event before any is timed.
  const peer = calls['node:crypto']();
  for (const engine of [native.engine, wasm.engine]) {
    if (
      calls[`${engine} constructEvent`]().id !== peer.id ||
      calls[`${engine} +result`]().content !== peer.result.content ||
      calls[`${engine} fromHeaders`]().id !== peer.id
    ) {
      throw new Error(`the ${engine} engine and node:crypto disagree`);
    }
  }
  return calls;
}

/** Calls per round for about ROUND_MS each, found once, so that every round times the same work. */
function callsPerRound(call) {
  let count = 16;
  for (;;) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < count; i++) call();
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (elapsedMs >= ROUND_MS / 4) {
      return Math.ceil((count * ROUND_MS) / elapsedMs);
    }
    count *= 4;
  }
}

/** µs per call of each call, the best of ROUNDS interleaved rounds. */
function time(calls) {
  const counts = Object.fromEntries(
    Object.entries(calls).map(([name, call]) => [name, callsPerRound(call)]),
  );
  const best = Object.fromEntries(Object.keys(calls).map((name) => [name, Infinity]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, call] of Object.entries(calls)) {
      const count = counts[name];
      const started = process.hrtime.bigint();
      for (let i = 0; i < count; i++) call();
      best[name] = Math.min(best[name], Number(process.hrtime.bigint() - started) / count / 1e3);
    }
  }
  return best;
}

const LABELS = {
  'node:crypto': 'node:crypto (createHmac + timingSafeEqual + JSON.parse)',
  constructEvent: 'constructEvent',
  '+result': 'constructEvent + event.result',
  fromHeaders: 'constructEventFromHeaders (8 header lines)',
};

console.log(
  `sharpapi-webhooks ${native.nativeVersion} on Node.js ${process.version}: constructEvent through ` +
    `the native and the WebAssembly engine vs node:crypto (µs per call, best of ${ROUNDS} rounds; ` +
    "ratio: our time / node:crypto's, \"wasm/native\": the WebAssembly engine's / the native one's)",
);
/**
 * What scripts/bench.sh gathers: one line per ratio, "ratio LANGUAGE WHAT: ours X µs, PEER Y µs =
 * Rx (target <= T: meets|MISSES)". The WebAssembly engine is the column node-wasm; at 64 KiB its
 * target allows for OpenSSL hashing with the processor's SHA instructions, which WebAssembly
 * cannot reach (its SHA-256 is software, with SIMD).
 */
const RATIOS = [
  ['native', 'constructEvent', 1 << 10, 1.0],
  ['native', '+result', 1 << 10, 1.0],
  ['native', 'fromHeaders', 1 << 10, 1.0],
  ['native', 'constructEvent', 64 << 10, 1.0],
  ['wasm', 'constructEvent', 1 << 10, 1.0],
  ['wasm', '+result', 1 << 10, 1.0],
  ['wasm', 'fromHeaders', 1 << 10, 1.0],
  ['wasm', 'constructEvent', 64 << 10, 3.0],
];
const WHAT = {
  constructEvent: 'constructEvent',
  '+result': 'constructEvent + parsed result',
  fromHeaders: 'constructEventFromHeaders',
};

const timings = {};
for (const size of SIZES) {
  const best = time(callsFor(size));
  timings[size] = best;
  const peer = best['node:crypto'];
  console.log(`\n${size / 1024} KiB body`);
  console.log(`  ${LABELS['node:crypto'].padEnd(56)} ${peer.toFixed(2).padStart(8)} µs`);
  for (const what of ['constructEvent', '+result', 'fromHeaders']) {
    for (const engine of ['native', 'wasm']) {
      const ours = best[`${engine} ${what}`];
      const versus =
        engine === 'wasm' ? `  wasm/native ${(ours / best[`native ${what}`]).toFixed(2)}x` : '';
      console.log(
        `  ${`${engine.padEnd(6)} ${LABELS[what]}`.padEnd(56)} ${ours.toFixed(2).padStart(8)} µs  ` +
          `ratio ${(ours / peer).toFixed(2)}x${versus}`,
      );
    }
  }
}
console.log();
for (const [engine, what, size, target] of RATIOS) {
  const ours = timings[size][`${engine} ${what}`];
  const peer = timings[size]['node:crypto'];
  const ratio = ours / peer;
  console.log(
    `ratio ${engine === 'native' ? 'node' : 'node-wasm'} ${WHAT[what]} ${size >> 10}KiB: ` +
      `ours ${ours.toFixed(3)} µs, node:crypto createHmac+timingSafeEqual+JSON.parse ` +
      `${peer.toFixed(3)} µs = ${ratio.toFixed(3)}x (target <= ${target.toFixed(1)}: ` +
      `${ratio <= target ? 'meets' : 'MISSES'})`,
  );
}
