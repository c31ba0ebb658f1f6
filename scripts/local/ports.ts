import { createServer } from 'node:net';

/** Local ports, each overridable through the environment. */
export function localPorts(env: NodeJS.ProcessEnv = process.env) {
  const port = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > 65535) {
      throw new Error(`${name}=${raw} is not a valid port`);
    }
    return value;
  };
  return {
    http: port('HTTP_PORT', 3000),
    lambda: port('LAMBDA_PORT', 3002),
    dynamodb: port('DYNAMODB_PORT', 8000),
    sqs: port('SQS_PORT', 9324),
    issuer: port('ISSUER_PORT', 3005),
    // stripe-mock's port, by convention.
    stripe: port('STRIPE_PORT', 12111),
  };
}

/** @throws Error naming the port and the variable that moves it. */
export async function assertPortFree(port: number, variable: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', () =>
      reject(new Error(`port ${port} is already in use: stop what uses it or set ${variable}`)),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}
