'use strict';
// constructEvent against node:crypto's path, in one run, at 1 KiB.
//
// The node:crypto path is the vendor's JavaScript snippet done right: createHmac over the raw
// body, a length check and timingSafeEqual over the decoded digest, then JSON.parse. Ours is
// Verifier#constructEvent; "+result" also reads event.result, parsing the result's JSON as the
// peer parses the whole body; "fromHeaders" is constructEventFromHeaders over the 8 header lines
// of a typical delivery, as the Express middleware passes req.rawHeaders. Each figure is the best of several interleaved rounds, so that both
// sides see the same machine.
//
//   node bench/construct_event.js

const crypto = require('node:crypto');
const webhooks = require('sharpapi-webhooks');

const SECRET = 'whsec_benchmark';
const SIZE = 1 << 10;
const ROUNDS = 7;
const ROUND_MS = 200;

function delivery(size) {
  const head =
    '{"id":"bf683177-3a48-47d1-9c4e-0b4de39517fa","status":"success","type":"content_translate","result":{"content":"';
  const tail = '"}}';
  return Buffer.from(head + 'x'.repeat(size - head.length - tail.length) + tail);
}

const body = delivery(SIZE);
const signature = crypto.createHmac('sha256', SECRET).update(body).digest('hex');
const verifier = new webhooks.Verifier(SECRET);
const rawHeaders = [
  ['Host', 'example.com'],
  ['User-Agent', 'SharpAPIWebhook/1.0'],
  ['Content-Type', 'application/json'],
  ['Content-Length', String(SIZE)],
  ['Accept', '*/*'],
  ['Accept-Encoding', 'gzip, deflate'],
  ['Connection', 'keep-alive'],
  ['X-Signature', signature],
].flat();

const calls = {
  ours: () => verifier.constructEvent(body, signature),
  '+result': () => verifier.constructEvent(body, signature).result,
  fromHeaders: () => verifier.constructEventFromHeaders(body, rawHeaders),
  'node:crypto': () => {
    const expected = crypto.createHmac('sha256', SECRET).update(body).digest();
    const given = Buffer.from(signature, 'hex');
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      throw new Error('invalid signature');
    }
    return JSON.parse(body);
  },
};

/** Calls per round for about ROUND_MS each, found once, so that every round times the same work. */
function callsPerRound(call) {
  let count = 1000;
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

const peerEvent = calls['node:crypto']();
if (
  calls.ours().id !== peerEvent.id ||
  calls['+result']().content !== peerEvent.result.content ||
  calls.fromHeaders().id !== peerEvent.id
) {
  throw new Error('the two paths disagree');
}
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

const peer = best['node:crypto'];
console.log(
  `sharpapi-webhooks ${webhooks.nativeVersion} on Node.js ${process.version}: constructEvent vs node:crypto, ` +
    `${SIZE} B body (µs per call, best of ${ROUNDS} rounds)`,
);
console.log(`node:crypto (createHmac + timingSafeEqual + JSON.parse): ${peer.toFixed(2)} µs`);
console.log(
  `constructEvent:                                        ${best.ours.toFixed(2)} µs  ratio ${(best.ours / peer).toFixed(2)}x`,
);
console.log(
  `constructEvent + event.result:                         ${best['+result'].toFixed(2)} µs  ratio ${(best['+result'] / peer).toFixed(2)}x`,
);
console.log(
  `constructEventFromHeaders (8 header lines):             ${best.fromHeaders.toFixed(2)} µs  ratio ${(best.fromHeaders / peer).toFixed(2)}x`,
);
