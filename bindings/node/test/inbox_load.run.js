'use strict';
// The inbox under load (issue 16). `node test/inbox_load.run.js NAME redis`: a redis-server of its
// own, two instances of the inbox test app (Express and Fastify) and two workers sharing it;
// `NAME sqlite`: one instance and its worker on an SQLite file. Then tests/sender/inbox_load.py (the
// lead's stdlib driver) sends 2,000 deliveries with 10% duplicates across the instances; it checks that
// every job is handled exactly once and that the instances' /metrics add up to what was sent, and
// prints the figures and `inbox-load NAME: N passed, M failed`. Run by scripts/test_node.sh, which
// counts that line; this script exits with the driver's status (1 when anything else failed).

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { REPOSITORY, startRedis } = require('./support');
const { startApp, startWorker, stop } = require('./inbox_processes');

async function main() {
  const name = process.argv[2] ?? 'node-inbox-redis';
  const backend = process.argv[3] ?? 'redis';
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpapi-inbox-load-'));
  const redis = backend === 'redis' ? await startRedis() : null;
  const children = [];
  try {
    const env = {
      SHARPAPI_WEBHOOK_SECRET: 'inbox-load-secret',
      SHARPAPI_WEBHOOK_PREVIOUS_SECRET: 'inbox-load-previous',
      SHARPAPI_HANDLED_LOG: path.join(directory, 'handled.log'),
      SHARPAPI_INBOX: redis === null ? `sqlite://${path.join(directory, 'inbox.db')}` : redis.url,
      SHARPAPI_INBOX_SWEEP_MS: '1000',
    };
    const apps = [await startApp(env)];
    children.push(...apps, await startWorker(env));
    if (redis !== null) {
      apps.push(await startApp({ ...env, SHARPAPI_INBOX_FRAMEWORK: 'fastify' }));
      children.push(apps[1], await startWorker(env));
    }
    const driver = spawn(
      'python3',
      [
        path.join(REPOSITORY, 'tests', 'sender', 'inbox_load.py'),
        '--name',
        name,
        '--secret',
        env.SHARPAPI_WEBHOOK_SECRET,
        '--handled-log',
        env.SHARPAPI_HANDLED_LOG,
        '--count',
        '2000',
        '--duplicates',
        '0.1',
        ...apps.flatMap((app) => ['--url', app.url]),
        ...apps.flatMap((app) => ['--metrics-url', new URL('/metrics', app.url).href]),
      ],
      { stdio: 'inherit' },
    );
    const status = await new Promise((resolve) => {
      driver.on('exit', (code) => resolve(code ?? 1));
      driver.on('error', (error) => {
        console.error(`inbox_load.run.js: python3 could not run the driver: ${error.message}`);
        resolve(1);
      });
    });
    if (status !== 0) {
      for (const child of children) {
        process.stderr.write(child.output.split('\n').slice(-20).join('\n'));
      }
    }
    return status;
  } finally {
    await Promise.all(children.map(stop));
    await redis?.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

main().then(
  (status) => process.exit(status),
  (error) => {
    console.error('inbox_load.run.js:', error);
    process.exit(1);
  },
);
