/**
 * `npm run renewals`: runs the renewal reminder job once against the running
 * local stack (`npm start`), through serverless-offline's Lambda API, exactly
 * as the EventBridge schedule would.
 */
import { localPorts } from './ports';
import { invokeScheduled } from './scheduler';

const stage = process.env['STAGE'] ?? 'dev';
const { lambda } = localPorts();
const endpoint = `http://127.0.0.1:${lambda}`;
process.stdout.write(`running renewals once on ${endpoint} (stage ${stage})…\n`);
invokeScheduled(endpoint, `commerce-${stage}-renewals`)
  .then((summary) => {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  })
  .catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      /fetch failed|ECONNREFUSED/.test(message)
        ? `the local stack is not running: start it with \`npm start\` first\n`
        : `${message}\n`,
    );
    process.exit(1);
  });
