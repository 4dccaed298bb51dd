// CommonJS: `require('sharpapi-webhooks')` and the Express integration, as a TypeScript user writes them.
import express = require('express');
import webhooks = require('sharpapi-webhooks');
import sharpapiExpress = require('sharpapi-webhooks/express');

const verifier = new webhooks.Verifier(['whsec_current', 'whsec_previous']);
const app = express();

app.post(
  '/webhooks/sharpapi',
  sharpapiExpress.webhookMiddleware(verifier, { maxBodyBytes: 2 * 1024 * 1024 }),
  (req, res) => {
    const event: webhooks.WebhookEvent | undefined = req.sharpapiEvent;
    if (event?.type === webhooks.JobType.CONTENT_TRANSLATE && event.isSuccess) {
      const result = event.result as { content: string };
      res.json({ id: event.id, content: result.content, exact: event.resultJson });
      return;
    }
    res.sendStatus(204);
  },
);

// The headers as Node received them, one pair per line; or req.headers, a Headers, a Map, pairs.
app.post('/webhooks/raw', express.raw({ type: () => true }), (req, res) => {
  const event = verifier.constructEventFromHeaders(req.body as Buffer, req.rawHeaders);
  const alike: webhooks.WebhookEvent[] = [
    verifier.constructEventFromHeaders(req.body as Buffer, req.headers),
    verifier.constructEventFromHeaders(req.body as Buffer, new Headers({ 'x-signature': 'x' })),
    verifier.constructEventFromHeaders(req.body as Buffer, new Map([['x-signature', ['x']]])),
    webhooks.constructEventFromHeaders(req.body as Buffer, [['X-Signature', 'x']], 'whsec'),
  ];
  res.json({ id: event.id, alike: alike.length });
});

// An unset environment variable is a secret the core refuses with InvalidSecret, at run time.
export const fromEnvironment = new webhooks.Verifier(process.env.SHARPAPI_WEBHOOK_SECRET);

export function handle(rawBody: Buffer, signature: string | undefined): string {
  try {
    const event = verifier.constructEvent(rawBody, signature);
    const status: webhooks.JobStatus | string = event.status;
    return `${event.id} ${status} ${event.statusKnown && event.typeKnown}`;
  } catch (error) {
    if (error instanceof webhooks.WebhookError) {
      const code: number = error.code;
      return `${error.name} ${code}`;
    }
    throw error;
  }
}

// Each error class narrows its code and name.
const malformed: 3 = new webhooks.MalformedSignature('x').code;
const invalidPayloadName: 'InvalidPayload' = new webhooks.InvalidPayload('x').name;
const signature: string = webhooks.sign(new TextEncoder().encode('{}'), 'whsec');
const verified: true = webhooks.verify(new ArrayBuffer(0), null, 'whsec');
export { malformed, invalidPayloadName, signature, verified };

// @ts-expect-error a string body is what the vendor's snippet gets wrong: refused by the types too
verifier.verify('{"id": "1"}', signature);
// @ts-expect-error a parsed body likewise
verifier.constructEvent({ id: '1' }, signature);
// @ts-expect-error headers are strings
verifier.constructEventFromHeaders(new Uint8Array(), { 'x-signature': 42 });
// @ts-expect-error events come from the package only
new webhooks.WebhookEvent();
// @ts-expect-error the job id is read-only
webhooks.parseEventUnverified(Buffer.from('{}')).id = 'other';

// A test delivery for a test of the route, and why a delivery was refused.
const delivery: webhooks.TestDelivery = webhooks.testDelivery({ secret: 'whsec_current' });
const body: Uint8Array = delivery.body;
const explained: webhooks.Explanation = webhooks.explain(body, req(delivery), ['whsec_current']);
function req(made: webhooks.TestDelivery): string[] {
  return Object.entries(made.headers).flat();
}
export const finding: string = explained.causes
  .map(({ name, description }) => `${name}: ${description}`)
  .join('\n');
export const matches: boolean = explained.causes[0]?.name === webhooks.Cause.SIGNATURE_MATCHES;
// @ts-expect-error result or resultJson, the latter JSON text
webhooks.testDelivery({ secret: 'whsec', resultJson: { content: 'x' } });
