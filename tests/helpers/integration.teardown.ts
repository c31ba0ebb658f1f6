export default async function teardown(): Promise<void> {
  await globalThis.__INTEGRATION_STACK__?.stop();
}
