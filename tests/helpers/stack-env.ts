/**
 * Hands the endpoints of a test stack to the test workers through environment
 * variables (workers are started after global setup and inherit them). Each
 * tier uses its own prefix, so integration and e2e stacks can run together.
 */
import type { RunningStack } from '../../scripts/local/stack';

declare global {
  var __INTEGRATION_STACK__: RunningStack | undefined;
  var __E2E_STACK__: RunningStack | undefined;
}

export function exportStackEnv(prefix: 'IT' | 'E2E', stack: RunningStack): void {
  const queue = stack.provisioned.queues['NotificationsQueue'];
  const dlq = stack.provisioned.queues['NotificationsDLQ'];
  const table = stack.provisioned.tables['Table'];
  if (!queue || !dlq || !table) throw new Error('stack is missing its table or queues');
  process.env[`${prefix}_DYNAMODB_ENDPOINT`] = stack.env['AWS_ENDPOINT_URL_DYNAMODB'];
  process.env[`${prefix}_SQS_ENDPOINT`] = stack.env['AWS_ENDPOINT_URL_SQS'];
  process.env[`${prefix}_TABLE`] = table;
  process.env[`${prefix}_QUEUE_URL`] = queue.url;
  process.env[`${prefix}_DLQ_URL`] = dlq.url;
  process.env[`${prefix}_JWKS_URL`] = stack.env['JWKS_URL'];
  process.env[`${prefix}_CURSOR_SECRET`] = stack.env['CURSOR_SECRET'];
  process.env[`${prefix}_STRIPE_API_BASE`] = stack.stripe.url;
  process.env[`${prefix}_SQS_PORT`] = new URL(stack.env['AWS_ENDPOINT_URL_SQS'] ?? '').port;
  process.env[`${prefix}_DYNAMODB_PORT`] = new URL(
    stack.env['AWS_ENDPOINT_URL_DYNAMODB'] ?? '',
  ).port;
}
