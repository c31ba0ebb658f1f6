/** A minimal GraphQL-over-HTTP client for the e2e tier. */
export interface GraphQLResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: {
    data?: T | null;
    errors?: {
      message: string;
      extensions?: { code?: string } & Record<string, unknown>;
      path?: unknown;
    }[];
  };
  readonly text: string;
}

export function endpoint(): string {
  const url = process.env['E2E_URL'];
  if (!url) throw new Error('E2E_URL is not set: run the e2e suite through jest');
  return url;
}

export async function gql<T = Record<string, unknown>>(
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(endpoint(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as GraphQLResponse<T>['body'], text };
}
