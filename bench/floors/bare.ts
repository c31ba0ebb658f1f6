/** The bare floor: a bundled handler that answers a constant (Node + Lambda adapter cost only). */
const body = JSON.stringify({ data: { ok: true } });

export const handler = async () => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body,
});
