'use strict';
// The inbox's Prometheus metrics, through prom-client (the package's optional peer dependency),
// with the same names in every language of the project. Only sharpapi-webhooks/inbox loads this
// file: the integrations take the metrics as an option and never require prom-client themselves.

const HANDLER_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const ACK_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * The inbox's metrics in `registry` (prom-client's default registry unless given), made once per
 * registry (a second call returns the same ones). With `inbox`, the gauge
 * sharpapi_webhook_queue_depth{state} is read from `inbox.counts()` at each scrape.
 */
function inboxMetrics({ registry, inbox } = {}) {
  // Required here, not at the top: sharpapi-webhooks/inbox loads without prom-client installed.
  const client = require('prom-client');
  const registers = [registry ?? client.register];
  const metric = (Type, config) =>
    registers[0].getSingleMetric(config.name) ?? new Type({ ...config, registers });
  const queueDepth = metric(client.Gauge, {
    name: 'sharpapi_webhook_queue_depth',
    help: 'Records in the inbox by state (pending, processing, done, dead)',
    labelNames: ['state'],
    async collect() {
      if (inbox === undefined) {
        return;
      }
      const counts = await inbox.counts();
      for (const [state, count] of Object.entries(counts)) {
        this.set({ state }, count);
      }
    },
  });
  return {
    deliveries: metric(client.Counter, {
      name: 'sharpapi_webhook_deliveries_total',
      help: 'Deliveries answered, by outcome (accepted, duplicate, refused)',
      labelNames: ['outcome'],
    }),
    refusals: metric(client.Counter, {
      name: 'sharpapi_webhook_refusals_total',
      help: 'Refused deliveries, by error (the core error name, PayloadTooLarge, MethodNotAllowed)',
      labelNames: ['error'],
    }),
    handled: metric(client.Counter, {
      name: 'sharpapi_webhook_handled_total',
      help: 'Events whose handler succeeded',
    }),
    handlerFailures: metric(client.Counter, {
      name: 'sharpapi_webhook_handler_failures_total',
      help: 'Handler attempts that threw',
    }),
    deadLetters: metric(client.Counter, {
      name: 'sharpapi_webhook_dead_letters_total',
      help: 'Events that reached their last attempt and went to the dead letters',
    }),
    queueDepth,
    handlerSeconds: metric(client.Histogram, {
      name: 'sharpapi_webhook_handler_seconds',
      help: "The handler's duration per attempt, in seconds",
      buckets: HANDLER_BUCKETS,
    }),
    acknowledgeSeconds: metric(client.Histogram, {
      name: 'sharpapi_webhook_acknowledge_seconds',
      help: 'From the start of the request to the answer, in seconds',
      buckets: ACK_BUCKETS,
    }),
  };
}

module.exports = { inboxMetrics };
