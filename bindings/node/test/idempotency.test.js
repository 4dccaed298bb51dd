'use strict';
// The idempotency helper: the store contract run against MemoryStore and against RedisStore on a
// real redis-server (Debian's, started here on a free port without persistence, stopped after),
// and the one flow, handleOnce.

const assert = require('node:assert/strict');
const { setTimeout: sleep } = require('node:timers/promises');
const { after, before, describe, it } = require('node:test');
const { createClient } = require('redis');
const {
  ClaimState,
  DEFAULT_DONE_TTL_MS,
  DEFAULT_LEASE_MS,
  IdempotencyStoreError,
  MemoryStore,
  RedisStore,
  handleOnce,
} = require('sharpapi-webhooks/idempotency');
const { startRedis } = require('./support');

/**
 * The store contract, for a store made by `make({ leaseMs, doneTtlMs })`; `advance(ms)` lets time
 * pass for it (a fake clock, or a real wait).
 */
function storeContract(name, make, advance) {
  describe(`${name}: the store contract`, () => {
    let counter = 0;
    const id = () => `event-${name}-${(counter += 1)}-${Date.now()}`;

    it('claims a new id once: then it is in progress, and done once completed', async () => {
      const store = await make({});
      const eventId = id();
      const claim = await store.claim(eventId);
      assert.equal(claim.state, ClaimState.CLAIMED);
      assert.equal(typeof claim.token, 'string');
      assert.deepEqual(await store.claim(eventId), { state: ClaimState.IN_PROGRESS });
      assert.equal(await store.complete(eventId, claim.token), true);
      assert.deepEqual(await store.claim(eventId), { state: ClaimState.DONE });
    });

    it('forgets a released claim, so that the next delivery claims it again', async () => {
      const store = await make({});
      const eventId = id();
      const { token } = await store.claim(eventId);
      assert.equal(await store.release(eventId, token), true);
      assert.equal((await store.claim(eventId)).state, ClaimState.CLAIMED);
    });

    it("touches only the caller's own claim", async () => {
      const store = await make({});
      const eventId = id();
      const { token } = await store.claim(eventId);
      assert.equal(await store.release(eventId, 'not-the-token'), false);
      assert.equal(await store.complete(eventId, 'not-the-token'), false);
      assert.equal((await store.claim(eventId)).state, ClaimState.IN_PROGRESS);
      assert.equal(await store.complete(eventId, token), true);
      // A done id is no claim: neither its old token nor any other can release it.
      assert.equal(await store.release(eventId, token), false);
      assert.equal((await store.claim(eventId)).state, ClaimState.DONE);
    });

    it('ends a claim after its lease, and then the late owner cannot complete it', async () => {
      const store = await make({ leaseMs: 100 });
      const eventId = id();
      const first = await store.claim(eventId);
      await advance(150);
      const second = await store.claim(eventId);
      assert.equal(second.state, ClaimState.CLAIMED, 'a crashed handler does not block the id');
      assert.equal(await store.complete(eventId, first.token), false);
      assert.equal(await store.release(eventId, first.token), false);
      assert.equal((await store.claim(eventId)).state, ClaimState.IN_PROGRESS);
      assert.equal(await store.complete(eventId, second.token), true);
    });

    it('remembers a done id for the done TTL only', async () => {
      const store = await make({ doneTtlMs: 100 });
      const eventId = id();
      const { token } = await store.claim(eventId);
      await store.complete(eventId, token);
      assert.equal((await store.claim(eventId)).state, ClaimState.DONE);
      await advance(150);
      assert.equal((await store.claim(eventId)).state, ClaimState.CLAIMED);
    });

    it('gives one claim to many concurrent claimers', async () => {
      const store = await make({});
      const eventId = id();
      const claims = await Promise.all(Array.from({ length: 50 }, () => store.claim(eventId)));
      assert.equal(claims.filter(({ state }) => state === ClaimState.CLAIMED).length, 1);
    });

    it('refuses an id that is not a non-empty string', async () => {
      const store = await make({});
      await assert.rejects(store.claim(''), TypeError);
      await assert.rejects(store.claim(42), TypeError);
    });
  });
}

describe('MemoryStore', () => {
  let now = 1_000_000;
  storeContract(
    'memory',
    async (options) => new MemoryStore({ ...options, now: () => now }),
    async (ms) => {
      now += ms;
    },
  );

  it('has the contract defaults: a 60 s lease, 7 days for a done id', () => {
    assert.equal(DEFAULT_LEASE_MS, 60_000);
    assert.equal(DEFAULT_DONE_TTL_MS, 7 * 24 * 3600 * 1000);
    assert.throws(() => new MemoryStore({ leaseMs: 0 }), /leaseMs must be a positive/);
  });

  it('drops expired ids, so that memory follows the ids of the done TTL', async () => {
    let clock = 0;
    const store = new MemoryStore({ doneTtlMs: 10, now: () => clock });
    for (let index = 0; index < 2000; index += 1) {
      const { token } = await store.claim(`old-${index}`);
      await store.complete(`old-${index}`, token);
    }
    clock += 20;
    for (let index = 0; index < 1000; index += 1) {
      await store.claim(`new-${index}`);
    }
    // Every old id expired; a claim after the sweep finds it gone, not done.
    assert.equal((await store.claim('old-0')).state, ClaimState.CLAIMED);
  });
});

describe('RedisStore', () => {
  let redis = null;
  let client = null;
  before(async () => {
    redis = await startRedis();
    client = await createClient({ url: redis.url }).connect();
  });
  after(async () => {
    await client?.quit();
    await redis?.stop();
  });

  storeContract(
    'redis',
    async (options) => new RedisStore(client, options),
    (ms) => sleep(ms),
  );

  it('keeps claim:<token> for the lease and done for the done TTL, under its prefix', async () => {
    const store = new RedisStore(client, { keyPrefix: 'test:', leaseMs: 5000, doneTtlMs: 60_000 });
    const { token } = await store.claim('keys');
    assert.equal(await client.get('test:keys'), `claim:${token}`);
    const leaseLeft = await client.pTTL('test:keys');
    assert.ok(leaseLeft > 4000 && leaseLeft <= 5000, `${leaseLeft} ms`);
    await store.complete('keys', token);
    assert.equal(await client.get('test:keys'), 'done');
    assert.ok((await client.pTTL('test:keys')) > 59_000);
  });

  it('refuses what is not a node-redis client', () => {
    assert.throws(() => new RedisStore({}), /connected node-redis client/);
  });

  it('rejects with IdempotencyStoreError when Redis is unreachable', async () => {
    const broken = { sendCommand: async () => Promise.reject(new Error('ECONNREFUSED')) };
    await assert.rejects(new RedisStore(broken).claim('x'), IdempotencyStoreError);
  });
});

describe('handleOnce', () => {
  it('runs the handler for a new id, then answers duplicate without running it', async () => {
    const store = new MemoryStore();
    let runs = 0;
    const work = async () => {
      runs += 1;
      return 'value';
    };
    assert.deepEqual(await handleOnce(store, 'a', work), { outcome: 'handled', value: 'value' });
    assert.deepEqual(await handleOnce(store, 'a', work), { outcome: 'duplicate' });
    assert.equal(runs, 1);
  });

  it('answers in_progress while another call runs the handler', async () => {
    const store = new MemoryStore();
    let finish;
    const first = handleOnce(store, 'b', () => new Promise((resolve) => (finish = resolve)));
    await sleep(1);
    assert.deepEqual(await handleOnce(store, 'b', () => 'never'), { outcome: 'in_progress' });
    finish('done');
    assert.deepEqual(await first, { outcome: 'handled', value: 'done' });
  });

  it('releases the claim when the handler throws, and rethrows: the retry runs it', async () => {
    const store = new MemoryStore();
    await assert.rejects(
      handleOnce(store, 'c', () => {
        throw new Error('failed');
      }),
      /failed/,
    );
    assert.deepEqual(await handleOnce(store, 'c', () => 'second'), {
      outcome: 'handled',
      value: 'second',
    });
  });

  it('releases instead of completing a value that `succeeded` refuses', async () => {
    const store = new MemoryStore();
    const succeeded = (status) => status < 300;
    assert.deepEqual(await handleOnce(store, 'd', () => 503, { succeeded }), {
      outcome: 'handled',
      value: 503,
    });
    assert.equal((await store.claim('d')).state, ClaimState.CLAIMED);
  });

  it('wraps a failing claim in IdempotencyStoreError, and logs a failing complete', async () => {
    const failing = {
      claim: async () => {
        throw new Error('down');
      },
    };
    await assert.rejects(
      handleOnce(failing, 'e', () => 1),
      IdempotencyStoreError,
    );
    const logged = [];
    const completeFails = {
      claim: async () => ({ state: 'claimed', token: 't' }),
      complete: async () => {
        throw new Error('down');
      },
      release: async () => true,
    };
    const result = await handleOnce(completeFails, 'f', () => 2, {
      log: (...args) => logged.push(args),
    });
    assert.deepEqual(result, { outcome: 'handled', value: 2 });
    assert.match(logged[0][0], /event f was handled, but the store failed to record it/);
  });
});
