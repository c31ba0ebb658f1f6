/**
 * Which errors leaving the AWS SDK mean "the service is unavailable"
 * (retryable, SERVICE_UNAVAILABLE) and which stay the repositories' to
 * translate (conditions, cancelled transactions, validation).
 */
import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { isDependencyFailure } from '../../../src/data/client';

const sdkError = (name: string, fault: 'client' | 'server', status: number) =>
  Object.assign(new Error(name), { name, $fault: fault, $metadata: { httpStatusCode: status } });

describe('isDependencyFailure', () => {
  it.each([
    [
      'a request timeout',
      Object.assign(new Error('timed out'), { name: 'TimeoutError', code: 'ETIMEDOUT' }),
    ],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    ],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['an unknown host', Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' })],
    [
      'a throttle left after the retries',
      sdkError('ProvisionedThroughputExceededException', 'client', 400),
    ],
    ['an SQS/SES throttle', sdkError('ThrottlingException', 'client', 400)],
    ['a 500 from the service', sdkError('InternalServerError', 'server', 500)],
    ['a 503 from the service', sdkError('ServiceUnavailable', 'server', 503)],
    [
      'an error that never got an HTTP answer (as the retry middleware leaves it)',
      Object.assign(new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED'), {
        $metadata: { attempts: 3, totalRetryDelay: 60 },
      }),
    ],
  ])('counts %s', (_what, error) => {
    expect(isDependencyFailure(error)).toBe(true);
  });

  it.each([
    [
      'a failed condition',
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
      }),
    ],
    [
      'a cancelled transaction',
      new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {} }),
    ],
    [
      'a cancelled transaction with no status (as tests inject it)',
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'TransactionConflict' }],
      }),
    ],
    ['a validation error', sdkError('ValidationException', 'client', 400)],
    ['a missing table', sdkError('ResourceNotFoundException', 'client', 400)],
    ['a programming error', new TypeError('x is not a function')],
    ['a thrown string', 'boom'],
  ])('leaves %s alone', (_what, error) => {
    expect(isDependencyFailure(error)).toBe(false);
  });
});
