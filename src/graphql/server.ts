import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { DEFAULT_JIT_COMPILE_AFTER, DEFAULT_QUERY_LIMITS, type QueryLimitsConfig } from '../config';
import { applyAuthDirective } from './auth-directive';
import type { GraphQLContext } from './context';
import { executableSchema } from './executable-schema';
import { jitGateway, type JitOptions } from './jit-executor';
import { schemaAst } from './__generated__/schema-ast';
import { KnownOperationTypesRule } from './known-operation-types.rule';
import { createFormatError } from './format-error';
import { cachePolicyPlugin } from './plugins/cache-policy.plugin';
import { inputGuardPlugin } from './plugins/input-guard.plugin';
import { observabilityPlugin } from './plugins/observability.plugin';
import { armorProtection, queryLimitsPlugin } from './plugins/query-limits.plugin';
import { errorReportPlugin } from './plugins/error-report.plugin';
import { retryableStatusPlugin } from './plugins/retryable-status.plugin';
import { resolvers } from './resolvers';

/**
 * The executable schema: type definitions, resolvers, and @auth applied. The
 * SDL comes pre-parsed (`npm run codegen` writes it from schema.graphql).
 */
export function createSchema(options: { assumeValid?: boolean } = {}) {
  return applyAuthDirective(executableSchema(schemaAst, resolvers, options));
}

export interface ServerOptions {
  /**
   * Schema discovery for developers: introspection, "Did you mean …?"
   * suggestions and Apollo's landing page (the `dev` stage only; see
   * `config.security.introspection`).
   */
  readonly introspection: boolean;
  /** Query limits; the safe defaults when not given. */
  readonly limits?: QueryLimitsConfig;
  /** graphql-jit for repeated documents (jit-executor.ts); DEFAULT_JIT_COMPILE_AFTER unless given. */
  readonly jit?: JitOptions;
}

/**
 * Builds the Apollo server; the caller starts it (once per container).
 * Secure by default (docs/security.md): query limits, no batching, CSRF
 * prevention, masked errors, and no schema discovery unless asked for.
 */
export function createApolloServer(options: ServerOptions): ApolloServer<GraphQLContext> {
  const limits = options.limits ?? DEFAULT_QUERY_LIMITS;
  const armor = armorProtection(limits, options.introspection);
  return new ApolloServer<GraphQLContext>({
    // Validated by the tests, not at every cold start (executable-schema.ts).
    gateway: jitGateway(
      createSchema({ assumeValid: true }),
      options.jit ?? { compileAfter: DEFAULT_JIT_COMPILE_AFTER },
    ),
    formatError: createFormatError({ hideSuggestions: !options.introspection }),
    introspection: options.introspection,
    hideSchemaDetailsFromClientErrors: !options.introspection,
    includeStacktraceInErrorResponses: false,
    // Only POST and GET-for-queries; Apollo's CSRF prevention stays on.
    csrfPrevention: true,
    // One operation per request: an array body answers 400 BAD_REQUEST.
    allowBatchedHttpRequests: false,
    // graphql-js stops lexing beyond this many tokens (GRAPHQL_PARSE_FAILED,
    // answered as QUERY_LIMIT_EXCEEDED by format-error.ts).
    parseOptions: { maxTokens: limits.maxTokens },
    // A subscription is refused at validation: the schema has no Subscription type.
    validationRules: [...armor.validationRules, KnownOperationTypesRule],
    plugins: [
      ...armor.plugins,
      queryLimitsPlugin(limits),
      inputGuardPlugin(),
      options.introspection
        ? ApolloServerPluginLandingPageLocalDefault({ footer: false })
        : ApolloServerPluginLandingPageDisabled(),
      // Errors logged under the request id, which masked errors carry
      // (formatError sees no request; error-report.plugin.ts).
      errorReportPlugin(),
      // 503 + Retry-After when a dependency failed the operation; before the
      // observability plugin, which logs the status.
      retryableStatusPlugin(),
      // One log line and EMF metrics per operation (src/graphql/plugins/observability.plugin.ts).
      observabilityPlugin(),
      // Cache-Control from the @cacheControl hints, once per document rather
      // than Apollo's hook on every resolved field (cache-policy.plugin.ts).
      ApolloServerPluginCacheControlDisabled(),
      cachePolicyPlugin(),
      // No Apollo GraphOS reporting (logs and metrics go to CloudWatch), and no
      // federated inline traces (this is not a subgraph). Apollo would otherwise
      // load their protobuf code at start, which the Lambda bundles leave out
      // (src/bundle-stubs/apollo-usage-reporting.cjs).
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
    ],
  });
}
