/**
 * The request's half of error masking: Apollo's `formatError` sees no
 * request, so this plugin, which does (`contextValue.requestId`, the Lambda
 * request id), logs every error of the operation under that id before Apollo
 * formats them, and adds the id to each masked error of the response
 * (`extensions.requestId`), so a client can quote what support searches for.
 * Failures while building the context never reach a plugin; context.ts's
 * caller reports them (format-error.ts, `contextFailure`).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { GraphQLContext } from '../context';
import { ApolloServerErrorCode } from '../error-codes';
import { reportError } from '../format-error';

const withRequestId = (error: GraphQLFormattedError, requestId: string): GraphQLFormattedError =>
  error.extensions?.['code'] === ApolloServerErrorCode.INTERNAL_SERVER_ERROR &&
  !error.extensions['requestId']
    ? { ...error, extensions: { ...error.extensions, requestId } }
    : error;

export function errorReportPlugin(
  report: typeof reportError = reportError,
): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        // Apollo calls this with the errors it is about to format.
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) report(error, contextValue.requestId);
        },
        async willSendResponse({ response, contextValue }) {
          const result =
            response.body.kind === 'single'
              ? response.body.singleResult
              : response.body.initialResult;
          if (!result.errors) return;
          result.errors = result.errors.map((e) => withRequestId(e, contextValue.requestId));
        },
      };
    },
  };
}
