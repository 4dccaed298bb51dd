'use strict';
// The Web handler as a Cloudflare Worker in real workerd: worker.mjs bundled as wrangler bundles a
// Worker (esbuild, the `workerd`/`worker`/`browser` conditions, each .wasm import kept as a module
// of its own), run by `workerd serve` with a config written here, and sent the integrations' cases
// over HTTP on 127.0.0.1. Not a *.test.js of `npm test`: workerd and esbuild come from
// SHARPAPI_WORKERD_TOOLS, a folder where scripts/test_node.sh installs them (pinned) with npm.
//
//   SHARPAPI_WORKERD_TOOLS=target/tools/workerd node --test test/workerd/workerd.check.js

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');
const { after, before, describe, it } = require('node:test');
const { CURRENT, PREVIOUS, delivery, integrationCases, post, sign } = require('../integrations');

const TOOLS = process.env.SHARPAPI_WORKERD_TOOLS;
if (!TOOLS) {
  throw new Error(
    'SHARPAPI_WORKERD_TOOLS must name the folder where workerd and esbuild are installed',
  );
}
const tools = path.resolve(TOOLS);
const esbuild = require(path.join(tools, 'node_modules', 'esbuild'));
const WORKERD = path.join(tools, 'node_modules', '.bin', 'workerd');

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

/**
 * Bundles worker.mjs into `folder` as wrangler would: every import of a .wasm file stays an import,
 * of a module named after the file, copied beside the bundle. Resolves to the .wasm names.
 */
async function bundle(folder) {
  const wasmFiles = new Map();
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'worker.mjs')],
    outfile: path.join(folder, 'worker.js'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    keepNames: true, // as wrangler bundles
    logLevel: 'warning',
    plugins: [
      {
        name: 'wasm-modules',
        setup(build) {
          build.onResolve({ filter: /\.wasm$/ }, ({ path: imported, resolveDir }) => {
            const file = path.resolve(resolveDir, imported);
            const name = path.basename(file);
            wasmFiles.set(name, file);
            return { path: name, external: true };
          });
        },
      },
    ],
  });
  for (const [name, file] of wasmFiles) {
    fs.copyFileSync(file, path.join(folder, name));
  }
  return [...wasmFiles.keys()];
}

/** workerd's configuration: one service, the bundle and its .wasm modules, the secrets as text. */
function config(wasmNames) {
  const modules = [
    '(name = "worker.js", esModule = embed "worker.js")',
    ...wasmNames.map((name) => `(name = "${name}", wasm = embed "${name}")`),
  ];
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [
    ${modules.join(',\n    ')}
  ],
  compatibilityDate = "2025-09-01",
  bindings = [
    (name = "CURRENT_SECRET", text = ${JSON.stringify(CURRENT)}),
    (name = "PREVIOUS_SECRET", text = ${JSON.stringify(PREVIOUS)}),
  ],
);
`;
}

/** Bundles the worker, starts workerd on a free port and waits until it listens. */
async function startWorkerd() {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sharpapi-workerd-'));
  let wasmNames;
  try {
    wasmNames = await bundle(folder);
  } catch (error) {
    fs.rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  fs.writeFileSync(path.join(folder, 'config.capnp'), config(wasmNames));
  const port = await freePort();
  const workerd = spawn(
    WORKERD,
    ['serve', path.join(folder, 'config.capnp'), `--socket-addr=http=127.0.0.1:${port}`],
    { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  workerd.stdout.on('data', (data) => (output += data));
  workerd.stderr.on('data', (data) => (output += data));
  for (let attempt = 0; ; attempt += 1) {
    if (workerd.exitCode !== null || attempt > 200) {
      workerd.kill('SIGKILL');
      fs.rmSync(folder, { recursive: true, force: true });
      throw new Error(`workerd did not start (exit ${workerd.exitCode}):\n${output}`);
    }
    const listening = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.on('connect', () => resolve(socket.end() && true));
      socket.on('error', () => resolve(false));
    });
    if (listening) {
      break;
    }
    await sleep(50);
  }
  return {
    port,
    wasmNames,
    output: () => output,
    close: async () => {
      if (workerd.exitCode === null && workerd.signalCode === null) {
        const exited = new Promise((resolve) => workerd.on('exit', resolve));
        workerd.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

let workerd = null;
before(async () => {
  workerd = await startWorkerd();
});
after(() => workerd?.close());

describe('the Worker in workerd', () => {
  it('runs the package under the workerd condition: the WebAssembly engine, imported as a module', async () => {
    assert.deepEqual(workerd.wasmNames, ['sharpapi_webhooks_wasm_bg.wasm']);
    const body = delivery('engine', { answer: 'engine' });
    const answer = await post(workerd.port, body, [['X-Signature', sign(body)]]);
    assert.equal(answer.status, 200, `${answer.text}\n${workerd.output()}`);
    assert.deepEqual(answer.json, { engine: 'wasm' });
  });
});

// workerd's Headers join a repeated X-Signature into one value, as every Headers does.
integrationCases('workerd', async () => workerd, { fixedApp: true });
