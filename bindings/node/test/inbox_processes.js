'use strict';
// The inbox test app (test/apps/inbox.js) and its worker (test/apps/inbox_worker.js) as processes
// of the tests: started with an environment, waited for, killed. Shared by test/inbox.test.js and
// test/inbox_load.run.js.

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');
const { freePort } = require('./support');

const APPS = path.join(__dirname, 'apps');

/** Waits until `check()` is true, or fails after `ms`. */
async function eventually(check, ms, what) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) {
      assert.fail(`not within ${ms} ms: ${what}`);
    }
    await sleep(50);
  }
}

async function portOpen(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** A process of the test app (`script` in test/apps) with the contract's environment. */
function startProcess(script, env) {
  const child = spawn(process.execPath, [path.join(APPS, script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.output = '';
  child.stderr.on('data', (data) => {
    child.output += data;
  });
  child.exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return child;
}

async function startApp(env) {
  const port = await freePort();
  const child = startProcess('inbox.js', { ...env, PORT: String(port) });
  await eventually(
    async () => child.exitCode === null && (await portOpen(port)),
    15000,
    `the inbox app listens (${child.output})`,
  );
  child.url = `http://127.0.0.1:${port}/webhooks/sharpapi`;
  return child;
}

async function startWorker(env) {
  const child = startProcess('inbox_worker.js', env);
  await eventually(
    () => /inbox worker: running/.test(child.output),
    15000,
    `the worker runs (${child.output})`,
  );
  return child;
}

async function stop(child) {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
  }
  await child.exited;
}

module.exports = { eventually, startApp, startWorker, stop };
