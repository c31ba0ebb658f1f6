import { GraphQLError, parse } from 'graphql';
import {
  ConflictError,
  DEPENDENCY_RETRY_AFTER_SECONDS,
  DependencyUnavailableError,
  RateLimitedError,
  UnauthenticatedError,
  ValidationError,
} from '../../../src/domain/errors';
import {
  contextFailure,
  createFormatError,
  formatError,
  MaskedError,
  reportError,
} from '../../../src/graphql/format-error';
import { queryLimitError } from '../../../src/graphql/plugins/query-limits.plugin';
import { logger } from '../../../src/observability';

/** What Apollo hands formatError for an error without a message of its own. */
const INTERNAL_PLACEHOLDER = 'Context creation failed';

const resolverError = (original: Error) =>
  new GraphQLError(original.message, { path: ['createProduct'], originalError: original });

describe('formatError', () => {
  beforeEach(() => {
    jest.spyOn(logger, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('keeps the code and message of a domain error', () => {
    const error = resolverError(new ConflictError('A product with SKU X already exists'));

    const formatted = formatError({ message: error.message, path: ['createProduct'] }, error);

    expect(formatted).toEqual({
      message: 'A product with SKU X already exists',
      path: ['createProduct'],
      extensions: { code: 'CONFLICT' },
    });
  });

  it('answers a dependency failure as the retryable SERVICE_UNAVAILABLE, logged with the dependency', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:8000'), {
      code: 'ECONNREFUSED',
    });
    const error = resolverError(new DependencyUnavailableError('DynamoDB', { cause }));

    const formatted = formatError({ message: error.message, path: ['createProduct'] }, error);

    expect(formatted).toEqual({
      message: 'A service this request depends on is unavailable; try again shortly',
      path: ['createProduct'],
      extensions: { code: 'SERVICE_UNAVAILABLE', retryAfter: DEPENDENCY_RETRY_AFTER_SECONDS },
    });
    expect(JSON.stringify(formatted)).not.toMatch(/ECONNREFUSED|10\.0\.0\.1|DynamoDB/);
    expect(logger.error).not.toHaveBeenCalled();
    reportError(error, 'req-1');
    expect(logger.error).toHaveBeenCalledWith('dependency unavailable', {
      dependency: 'DynamoDB',
      error: cause,
      requestId: 'req-1',
    });
  });

  it('masks an unexpected error, which the report logs with its request id', () => {
    const secret = new Error('connect ECONNREFUSED 10.0.0.1:8000 at /var/task/index.js');
    const error = resolverError(secret);

    const formatted = formatError(
      { message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['x'] } },
      error,
    );

    expect(formatted).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(logger.error).not.toHaveBeenCalled();
    reportError(error, 'req-1');
    expect(logger.error).toHaveBeenCalledWith('unexpected error', {
      error: secret,
      requestId: 'req-1',
    });
  });

  it('reports neither client mistakes nor domain errors', () => {
    reportError(resolverError(new ConflictError('taken')), 'req-1');
    reportError(resolverError(new ValidationError('sku: invalid', 'sku')), 'req-1');
    reportError(
      new GraphQLError('Cannot query field "nope" on type "Query".', {
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
      'req-1',
    );

    expect(logger.error).not.toHaveBeenCalled();
  });

  it('keeps graphql-js validation errors, without a stack trace', () => {
    const error = new GraphQLError('Cannot query field "nope" on type "Query".', {
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });

    const formatted = formatError(
      {
        message: error.message,
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['at x'] },
      },
      error,
    );

    expect(formatted).toEqual({
      message: 'Cannot query field "nope" on type "Query".',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });

  it('does not trust a client-error code wrapped around an internal error', () => {
    const error = new GraphQLError('boom', {
      extensions: { code: 'BAD_USER_INPUT' },
      originalError: new TypeError('x is undefined'),
    });

    expect(formatError({ message: 'boom', extensions: { code: 'BAD_USER_INPUT' } }, error)).toEqual(
      {
        message: 'Internal server error',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
    );
  });

  it('keeps a domain error that Apollo wrapped while building the context', () => {
    const error = new GraphQLError('Context creation failed: The token is not valid', {
      originalError: new UnauthenticatedError('The token is not valid'),
      extensions: { code: 'UNAUTHENTICATED' },
    });

    expect(formatError({ message: error.message }, error)).toEqual({
      message: 'The token is not valid',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('maps a validation error to BAD_USER_INPUT', () => {
    const error = resolverError(new ValidationError('sku: invalid', 'sku'));
    expect(formatError({ message: 'sku: invalid' }, error).extensions).toEqual({
      code: 'BAD_USER_INPUT',
    });
  });

  it('masks a failure while building the context with its request id, and logs it under the id', () => {
    const secret = new Error('ResourceNotFoundException: table commerce-prod at /var/task/x.js');

    const failure = contextFailure(secret, 'req-123');
    // Apollo answers it through formatError (errorNormalize.ts keeps a GraphQLError as it is).
    const formatted = formatError({ message: INTERNAL_PLACEHOLDER }, failure);

    expect(failure).toBeInstanceOf(MaskedError);
    expect(formatted).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-123' },
    });
    expect(JSON.stringify(formatted)).not.toMatch(/ResourceNotFound|commerce-prod|var\/task/);
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error).toHaveBeenCalledWith('unexpected error', {
      error: secret,
      requestId: 'req-123',
    });
  });

  it('passes a domain failure of the context through, reporting a dependency outage under the request id', () => {
    const bad = new GraphQLError('The token is not valid', {
      originalError: new UnauthenticatedError('The token is not valid'),
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const cause = new Error('connect ECONNREFUSED');
    const outage = new GraphQLError('unavailable', {
      originalError: new DependencyUnavailableError('JWKS', { cause }),
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });

    expect(contextFailure(bad, 'req-7')).toBe(bad);
    expect(logger.error).not.toHaveBeenCalled();
    expect(contextFailure(outage, 'req-7')).toBe(outage);
    expect(logger.error).toHaveBeenCalledWith('dependency unavailable', {
      dependency: 'JWKS',
      error: cause,
      requestId: 'req-7',
    });
  });

  it('answers RATE_LIMITED with the seconds to wait', () => {
    const error = resolverError(new RateLimitedError('Too many checkout attempts', 42));

    expect(formatError({ message: error.message }, error)).toEqual({
      message: 'Too many checkout attempts',
      extensions: { code: 'RATE_LIMITED', retryAfter: 42 },
    });
  });

  it('answers QUERY_LIMIT_EXCEEDED naming the limit, raised directly or through validation', () => {
    const direct = queryLimitError('pageSize', 'first must be at most 100');
    // Apollo wraps validation-rule errors, keeping the reported error as originalError.
    const validation = new GraphQLError('Query depth limit of 10 exceeded, found 20.', {
      originalError: queryLimitError('depth', 'Query depth limit of 10 exceeded, found 20.')
        .originalError as Error,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });

    expect(formatError({ message: direct.message }, direct)).toEqual({
      message: 'first must be at most 100',
      extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit: 'pageSize' },
    });
    expect(formatError({ message: validation.message }, validation).extensions).toEqual({
      code: 'QUERY_LIMIT_EXCEEDED',
      limit: 'depth',
    });
  });

  it("answers graphql-js's token limit as QUERY_LIMIT_EXCEEDED", () => {
    let syntax: GraphQLError | undefined;
    try {
      parse('{ a b c d e f }', { maxTokens: 3 });
    } catch (error) {
      syntax = error as GraphQLError;
    }
    const error = new GraphQLError(syntax?.message ?? '', {
      originalError: syntax,
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    });

    expect(
      formatError({ message: error.message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, error),
    ).toEqual({
      message: 'Token limit of 3 exceeded.',
      extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit: 'tokens' },
    });
  });

  it('strips "Did you mean" suggestions when schema details are hidden', () => {
    const message = 'Cannot query field "prodcts" on type "Query". Did you mean "products"?';
    const error = new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const hidden = createFormatError({ hideSuggestions: true });

    expect(
      hidden({ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, error).message,
    ).toBe('Cannot query field "prodcts" on type "Query".');
    expect(
      formatError({ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, error).message,
    ).toBe(message);
  });
});
