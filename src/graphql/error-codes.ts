/**
 * The codes the GraphQL edge answers with besides the domain's own
 * (src/domain/errors.ts): Apollo Server's, imported from Apollo rather than
 * copied, and the query limits' code.
 */
export { ApolloServerErrorCode } from '@apollo/server/errors';

/** A request beyond one of the query limits (query-limits.plugin.ts, http-guard.ts). */
export const QUERY_LIMIT_EXCEEDED = 'QUERY_LIMIT_EXCEEDED';
