import { assertLoopback, isLoopback, NotLoopbackError } from '../../../scripts/local/loopback';

describe('loopback guard', () => {
  it.each([
    'http://localhost:8000',
    'http://127.0.0.1:9324',
    'http://127.1.2.3:1',
    'http://[::1]:8000',
  ])('accepts %s', (url) => {
    expect(isLoopback(url)).toBe(true);
    expect(assertLoopback('x', url)).toBe(url);
  });

  it.each([
    'https://dynamodb.eu-west-1.amazonaws.com',
    'https://sqs.eu-west-1.amazonaws.com/123/q',
    'http://10.0.0.5:8000',
    'http://localhost.evil.com:8000',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isLoopback(url)).toBe(false);
    expect(() => assertLoopback('seed', url)).toThrow(NotLoopbackError);
  });

  it('refuses to run with no endpoint at all (the SDK would go to AWS)', () => {
    expect(() => assertLoopback('seed', undefined)).toThrow(/--stage/);
  });
});
