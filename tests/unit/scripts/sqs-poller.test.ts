import type { SQSRecord } from 'aws-lambda';
import { failedMessageIds, toSqsRecord } from '../../../scripts/local/sqs-poller';

const record = (messageId: string) => ({ messageId }) as Pick<SQSRecord, 'messageId'> as SQSRecord;
const batch = [record('a'), record('b'), record('c')];
const ids = (set: Set<string>) => [...set].sort();

describe('failedMessageIds (Lambda partial batch response semantics)', () => {
  it('fails every message when the invocation itself failed', () => {
    expect(ids(failedMessageIds(batch, { ok: false }, true))).toEqual(['a', 'b', 'c']);
  });

  it('fails only the reported messages', () => {
    const payload = { batchItemFailures: [{ itemIdentifier: 'b' }] };
    expect(ids(failedMessageIds(batch, { ok: true, payload }, true))).toEqual(['b']);
  });

  it.each([
    ['an empty list', { batchItemFailures: [] }],
    ['a null list', { batchItemFailures: null }],
    ['no response', undefined],
    ['an object without the key', {}],
  ])('treats %s as complete success', (_what, payload) => {
    expect(failedMessageIds(batch, { ok: true, payload }, true).size).toBe(0);
  });

  it.each([
    ['an unknown identifier', { batchItemFailures: [{ itemIdentifier: 'zzz' }] }],
    ['an empty identifier', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['a null identifier', { batchItemFailures: [{ itemIdentifier: null }] }],
    ['a non-JSON answer', 'oops'],
  ])('treats %s as complete failure', (_what, payload) => {
    expect(failedMessageIds(batch, { ok: true, payload }, true).size).toBe(3);
  });

  it('ignores batchItemFailures when the function does not report item failures', () => {
    const payload = { batchItemFailures: [{ itemIdentifier: 'b' }] };
    expect(failedMessageIds(batch, { ok: true, payload }, false).size).toBe(0);
  });
});

describe('toSqsRecord', () => {
  it('builds the SQSEvent record shape Lambda delivers', () => {
    const result = toSqsRecord(
      {
        MessageId: 'm-1',
        ReceiptHandle: 'rh',
        Body: '{"x":1}',
        MD5OfBody: 'md5',
        Attributes: { ApproximateReceiveCount: '2', SentTimestamp: '1', SenderId: 's' },
        MessageAttributes: { correlationId: { DataType: 'String', StringValue: 'c-1' } },
      },
      'arn:aws:sqs:us-east-1:123456789012:q',
      'us-east-1',
    );

    expect(result).toEqual({
      messageId: 'm-1',
      receiptHandle: 'rh',
      body: '{"x":1}',
      attributes: expect.objectContaining({
        ApproximateReceiveCount: '2',
        SentTimestamp: '1',
        SenderId: 's',
      }),
      messageAttributes: {
        correlationId: {
          dataType: 'String',
          stringValue: 'c-1',
          stringListValues: [],
          binaryListValues: [],
        },
      },
      md5OfBody: 'md5',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:q',
      awsRegion: 'us-east-1',
    });
  });
});
