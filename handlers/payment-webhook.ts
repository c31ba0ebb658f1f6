/**
 * HTTP API (payload 2.0) POST /webhooks/stripe → the order lifecycle. The
 * signature is verified over the raw body (src/payments: the provider's own
 * check); each event is applied once per event id (src/domain/orders/
 * order-lifecycle.service.ts). Answers: 200 applied, duplicate or ignored;
 * 400 for a signature that does not verify (nothing changes); 500 for a
 * failure the provider should retry (it does, for up to 3 days).
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { getConfig } from '../src/config';
import { createOrderLifecycle } from '../src/container';
import { systemClock } from '../src/domain/clock';
import { InvalidWebhookSignatureError } from '../src/domain/payments/payment.types';
import {
  configureObservability,
  logger,
  metrics,
  MetricUnit,
  withObservability,
} from '../src/observability';

const config = getConfig();
configureObservability(config);
const { payments, webhooks } = createOrderLifecycle(config);

const answer = (statusCode: number, body: Record<string, unknown>): APIGatewayProxyResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const handler = (event: APIGatewayProxyEventV2, context: Context) =>
  withObservability(context, async () => {
    const raw = event.isBase64Encoded
      ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
      : (event.body ?? '');
    const signature = event.headers['stripe-signature'] ?? '';
    let parsed;
    try {
      parsed = payments.parseWebhook(raw, signature);
    } catch (error) {
      if (!(error instanceof InvalidWebhookSignatureError)) throw error;
      logger.warn('webhook signature rejected', { error: error.message });
      metrics.addMetric('PaymentWebhooksRejected', MetricUnit.Count, 1);
      return answer(400, { error: 'invalid signature' });
    }
    logger.appendKeys({ paymentEventId: parsed.eventId });
    const outcome = await webhooks.handle(parsed, {
      correlationId: parsed.eventId,
      requestId: context.awsRequestId || randomUUID(),
      now: systemClock,
    });
    logger.info('payment event', { kind: parsed.kind, outcome });
    metrics.addMetric(`PaymentWebhooks_${outcome}`, MetricUnit.Count, 1);
    return answer(200, { received: true, outcome });
  });
