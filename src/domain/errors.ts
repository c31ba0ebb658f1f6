/**
 * The domain's error vocabulary. Each error carries a stable `code` that the
 * GraphQL edge copies to `extensions.code`; anything that is not a
 * `DomainError` is masked as INTERNAL_SERVER_ERROR.
 */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'OUT_OF_STOCK'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'REQUEST_BUDGET_EXCEEDED';

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
}

/** Input failed validation; `field` names the offending input path. */
export class ValidationError extends DomainError {
  override readonly name: string = 'ValidationError';
  readonly code = 'BAD_USER_INPUT' as const;
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** No valid bearer token where one is required. */
export class UnauthenticatedError extends DomainError {
  override readonly name: string = 'UnauthenticatedError';
  readonly code = 'UNAUTHENTICATED' as const;
}

/** Authenticated, but not allowed (e.g. not an admin). */
export class ForbiddenError extends DomainError {
  override readonly name: string = 'ForbiddenError';
  readonly code = 'FORBIDDEN' as const;
}

/** Missing, or belonging to someone else (never leak which). */
export class NotFoundError extends DomainError {
  override readonly name: string = 'NotFoundError';
  readonly code = 'NOT_FOUND' as const;
}

/** The write lost a race, a version is stale, or the state forbids it. */
export class ConflictError extends DomainError {
  override readonly name: string = 'ConflictError';
  readonly code = 'CONFLICT' as const;
}

/** The stored item changed since it was read: the caller may read again and retry. */
export class StaleWriteError extends ConflictError {
  override readonly name: string = 'StaleWriteError';
}

/** A checkout's idempotency key was recorded by a concurrent request: answer its order. */
export class IdempotencyKeyTakenError extends ConflictError {
  override readonly name: string = 'IdempotencyKeyTakenError';
}

/** A provider's event that was applied before: answered as handled, nothing changes. */
export class DuplicateEventError extends Error {
  override readonly name: string = 'DuplicateEventError';
}

/** Not enough stock for a product; names the product. */
export class OutOfStockError extends DomainError {
  override readonly name: string = 'OutOfStockError';
  readonly code = 'OUT_OF_STOCK' as const;
  constructor(
    readonly productId: string,
    productName: string,
  ) {
    super(`Not enough stock for ${productName} (${productId})`);
  }
}

/** Too many attempts in the current window; `retryAfterSeconds` says when the next one may pass. */
export class RateLimitedError extends DomainError {
  override readonly name: string = 'RateLimitedError';
  readonly code = 'RATE_LIMITED' as const;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Seconds a client waits before retrying after a dependency failure (Retry-After). */
export const DEPENDENCY_RETRY_AFTER_SECONDS = 2;

/**
 * A service the request depends on (DynamoDB, SQS, SES, the token issuer's
 * key set) failed or did not answer within its time budget: retryable, and
 * not the caller's fault. `dependency` names it for the logs; the message a
 * client sees does not.
 */
export class DependencyUnavailableError extends DomainError {
  override readonly name: string = 'DependencyUnavailableError';
  readonly code = 'SERVICE_UNAVAILABLE' as const;
  readonly retryAfterSeconds = DEPENDENCY_RETRY_AFTER_SECONDS;
  constructor(
    readonly dependency: string,
    options?: ErrorOptions,
  ) {
    super('A service this request depends on is unavailable; try again shortly', options);
  }
}

/**
 * The request used up its budget of DynamoDB calls (see request-tracker.ts);
 * the call that would have exceeded it was not sent.
 */
export class RequestBudgetExceededError extends DomainError {
  override readonly name: string = 'RequestBudgetExceededError';
  readonly code = 'REQUEST_BUDGET_EXCEEDED' as const;
  constructor(readonly budget: number) {
    super(`This request needs more than ${budget} database calls; ask for less in one request`);
  }
}

/** Thrown by exhaustive switches; reaching it is a programming error. */
export class UnreachableCaseError extends Error {
  override readonly name: string = 'UnreachableCaseError';
  constructor(value: never) {
    super(`Unreachable case: ${JSON.stringify(value)}`);
  }
}
