/**
 * Integration tier: real DynamoDB Local (in memory) and local-aws-sqs on free
 * loopback ports, with the table and queues built from serverless.yml.
 */
import { freePort } from '../../scripts/local/emulators';
import { startStack } from '../../scripts/local/stack';
import { exportStackEnv } from './stack-env';

export default async function setup(): Promise<void> {
  const stack = await startStack({
    stage: 'dev',
    dynamoPort: await freePort(),
    sqsPort: await freePort(),
    issuerPort: await freePort(),
    stripePort: await freePort(),
  });
  globalThis.__INTEGRATION_STACK__ = stack;
  exportStackEnv('IT', stack);
}
