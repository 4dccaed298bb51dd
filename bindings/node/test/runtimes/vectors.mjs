// Every shared vector (test_delivery/'s too) through the package as another runtime loads it: Deno
// and Bun import 'sharpapi-webhooks' by their own export conditions ("deno", "bun"), which give
// the WebAssembly engine (lib/index.edge.mjs). scripts/test_node.sh copies this file and
// ../vector_checks.cjs into a project where the packed package is installed, and runs, there:
//
//   deno run --allow-read --allow-write --allow-env vectors.mjs RUNTIME VECTORS_DIR REPORT_FILE
//   bun vectors.mjs RUNTIME VECTORS_DIR REPORT_FILE
//
// One line per vector ("ok NAME" or "not ok NAME: why"), the outcomes written to REPORT_FILE
// (scripts/conformance.py --report node-RUNTIME checks them), and a last line
// "RUNTIME: N passed, M failed"; the exit status is 1 on any failure.
import path from 'node:path';
import process from 'node:process';
import * as webhooks from 'sharpapi-webhooks';
import checks from './vector_checks.cjs';

const [runtime, vectorsDirectory, reportFile] = process.argv.slice(2);
const { checkVector, checkTestDelivery } = checks.vectorChecks(webhooks);
const files = checks.loadVectors(vectorsDirectory);
const deliveries = checks.loadTestDeliveries(vectorsDirectory);
const outcomes = {};
let passed = 0;
let failed = 0;

function check(name, run) {
  try {
    run();
    passed += 1;
    console.log(`ok ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`not ok ${name}: ${String(error.stack ?? error).replaceAll('\n', '\n  ')}`);
  }
}

check(`${runtime} runs the WebAssembly engine, by its own export condition`, () => {
  const resolved = import.meta.resolve('sharpapi-webhooks');
  if (webhooks.engine !== 'wasm' || !resolved.endsWith('/lib/index.edge.mjs')) {
    throw new Error(`engine ${webhooks.engine} from ${resolved}`);
  }
});
check('the vector files include every kind, and no name twice', () =>
  checks.checkVectorFiles(files),
);
for (const [, vectors] of files) {
  for (const vector of vectors) {
    outcomes[vector.name] = {};
    check(vector.name, () => checkVector(vector, outcomes[vector.name]));
  }
}
check('the test delivery vectors are enough, refused ones among them, no name twice', () =>
  checks.checkTestDeliveryFile(deliveries),
);
for (const vector of deliveries) {
  check(vector.name, () => checkTestDelivery(vector));
}
checks.writeConformance(
  path.dirname(reportFile),
  path.basename(reportFile, '.json'),
  files,
  outcomes,
);
console.log(`${runtime}: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
