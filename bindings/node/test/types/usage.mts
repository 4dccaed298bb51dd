// ESM: named imports from both entry points, as a TypeScript user writes them.
import express from 'express';
import {
  Cause,
  InvalidSignature,
  JobStatus,
  JobType,
  Verifier,
  constructEvent,
  engine,
  explain,
  parseEventUnverified,
  testDelivery,
  type Explanation,
  type TestDelivery,
  type WebhookEvent,
} from 'sharpapi-webhooks';
import { webhookMiddleware } from 'sharpapi-webhooks/express';
import * as native from 'sharpapi-webhooks/native';
import * as wasm from 'sharpapi-webhooks/wasm';

const app = express();
app.post('/webhooks/sharpapi', webhookMiddleware('whsec_current'), (req, res) => {
  const event: WebhookEvent | undefined = req.sharpapiEvent;
  res.status(event?.status === JobStatus.FAILED ? 202 : 204).end();
});

export function replay(rawBody: Uint8Array): WebhookEvent {
  return parseEventUnverified(rawBody);
}

export function check(rawBody: Uint8Array, signature: string | null): boolean {
  try {
    return constructEvent(rawBody, signature, ['whsec_current', 'whsec_previous']).isSuccess;
  } catch (error) {
    if (error instanceof InvalidSignature) {
      const code: 4 = error.code;
      return code !== 4;
    }
    throw error;
  }
}

export const isValid: boolean = new Verifier('whsec').isValid(new Uint8Array(), undefined);

// @ts-expect-error secrets are strings
new Verifier([Buffer.from('whsec')]);

// Either engine, by name: the same declarations.
export const engines: ('native' | 'wasm')[] = [engine, wasm.engine, native.engine];
export const fromWasm: WebhookEvent = new wasm.Verifier('whsec').constructEvent(
  new Uint8Array(),
  null,
);

// A test delivery, posted to a handler as a Web Request, and explain() on a refusal.
const delivery: TestDelivery = testDelivery({
  secret: 'whsec_current',
  type: JobType.CONTENT_SUMMARIZE,
  result: { summary: 'short' },
});
export const request: Request = delivery.toRequest('http://localhost/webhooks/sharpapi');
export const signatureHeader: string = delivery.headers['X-Signature'];
export const fromJson: TestDelivery = testDelivery({ secret: 'whsec', id: '1', resultJson: '{}' });
// @ts-expect-error the secret is required
testDelivery({ id: '1' });

const explanation: Explanation = explain(delivery.body, delivery.headers, 'whsec_current');
export const causes: Cause[] = explanation.causes.map(({ name }) => name);
export const pretty: boolean =
  explain(delivery.body, null, ['whsec']).causes[0]?.name === Cause.JSON_WHITESPACE;
export const summary: string = `${explanation.isValid}: ${explanation}`;
