/**
 * HTTP caching from the schema's `@cacheControl` hints, computed once per
 * document instead of once per resolved field.
 *
 * Apollo's own cache-control plugin computes the same policy at run time: it
 * hooks `willResolveField`, which makes Apollo wrap every resolver of the
 * schema and run a hook per resolved field. On the landing-page query that
 * cost more than half of the server's time per request (docs/performance.md).
 * Our hints are static (no resolver calls `setCacheHint`), so the policy
 * follows from the document alone: the same per-field rules as Apollo's plugin
 * (a hinted field or its type's hint; root fields and fields returning
 * objects default to `maxAge: 0` unless they, or their type, say
 * `inheritMaxAge`), folded over every field the operation selects. It can only
 * be as strict or stricter than Apollo's: a field under a null parent or an
 * empty list still counts, and a field skipped by `@skip`/`@include` still
 * counts. The HTTP header is then written exactly as Apollo writes it.
 *
 * Apollo's plugin must be disabled (`ApolloServerPluginCacheControlDisabled`)
 * next to this one; src/graphql/server.ts does both.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isObjectType,
  Kind,
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import {
  CACHE_CONTROL_SCOPES,
  type CacheControlScope,
} from '../../domain/__generated__/schema-enums';

type CacheScope = CacheControlScope;

const isCacheScope = (value: string): value is CacheScope =>
  (CACHE_CONTROL_SCOPES as readonly string[]).includes(value);

export interface CacheHint {
  readonly maxAge?: number;
  readonly scope?: CacheScope;
}

/** A `@cacheControl` directive's contents. */
interface CacheAnnotation extends CacheHint {
  readonly inheritMaxAge?: boolean;
}

/** Apollo's CachePolicy.restrict: the shorter max-age, PRIVATE over PUBLIC. */
function restrict(policy: CacheHint, hint: CacheHint): CacheHint {
  const maxAge =
    hint.maxAge === undefined
      ? policy.maxAge
      : policy.maxAge === undefined
        ? hint.maxAge
        : Math.min(policy.maxAge, hint.maxAge);
  const scope =
    hint.scope === 'PRIVATE' || policy.scope === 'PRIVATE'
      ? 'PRIVATE'
      : (policy.scope ?? hint.scope);
  return { ...(maxAge === undefined ? {} : { maxAge }), ...(scope ? { scope } : {}) };
}

/** Apollo's CachePolicy.replace: what the hint sets wins. */
function replace(policy: CacheHint, hint: CacheHint): CacheHint {
  return {
    ...policy,
    ...(hint.maxAge === undefined ? {} : { maxAge: hint.maxAge }),
    ...(hint.scope === undefined ? {} : { scope: hint.scope }),
  };
}

function annotationOf(directives: readonly DirectiveNode[] | undefined): CacheAnnotation {
  const directive = directives?.find((d) => d.name.value === 'cacheControl');
  const argument = (name: string) =>
    directive?.arguments?.find((a) => a.name.value === name)?.value;
  const maxAge = argument('maxAge');
  const scope = argument('scope');
  const inherit = argument('inheritMaxAge');
  const scopeValue =
    scope?.kind === Kind.ENUM && isCacheScope(scope.value) ? scope.value : undefined;
  if (inherit?.kind === Kind.BOOLEAN && inherit.value) {
    return { inheritMaxAge: true, ...(scopeValue ? { scope: scopeValue } : {}) };
  }
  return {
    ...(maxAge?.kind === Kind.INT ? { maxAge: Number.parseInt(maxAge.value, 10) } : {}),
    ...(scopeValue ? { scope: scopeValue } : {}),
  };
}

function typeAnnotation(type: GraphQLCompositeType): CacheAnnotation {
  for (const node of [type.astNode, ...type.extensionASTNodes]) {
    const annotation = annotationOf(node?.directives);
    if (Object.keys(annotation).length > 0) return annotation;
  }
  return {};
}

/** What one resolved field contributes: the rules of Apollo's `willResolveField`. */
function fieldPolicy(field: GraphQLField<unknown, unknown>, isRoot: boolean): CacheHint {
  let policy: CacheHint = {};
  let inheritMaxAge = false;
  const target = getNamedType(field.type);
  const composite = isCompositeType(target);
  if (composite) {
    const annotation = typeAnnotation(target);
    policy = replace(policy, annotation);
    inheritMaxAge = annotation.inheritMaxAge === true;
  }
  const annotation = annotationOf(field.astNode?.directives);
  if (annotation.inheritMaxAge && policy.maxAge === undefined) {
    inheritMaxAge = true;
    if (annotation.scope) policy = replace(policy, { scope: annotation.scope });
  } else {
    policy = replace(policy, annotation);
  }
  if (policy.maxAge === undefined && ((composite && !inheritMaxAge) || isRoot)) {
    policy = restrict(policy, { maxAge: 0 });
  }
  return policy;
}

/**
 * The cache policy of `operation`: every selected field's contribution,
 * restricted together. Exported for the unit tests.
 */
export function operationCachePolicy(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): CacheHint {
  const root = schema.getRootType(operation.operation);
  if (!root) return { maxAge: 0 };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    }
  }
  let policy: CacheHint = {};
  // Each (selection set, parent type, root or not) once: a fragment spread
  // many times adds nothing new.
  const walked = new Map<SelectionSetNode, Set<string>>();

  const walk = (selections: SelectionSetNode, parent: GraphQLObjectType, isRoot: boolean) => {
    const key = `${parent.name}:${isRoot}`;
    const done = walked.get(selections) ?? new Set<string>();
    if (done.has(key)) return;
    walked.set(selections, done.add(key));
    for (const selection of selections.selections) {
      if (selection.kind === Kind.FIELD) {
        // Meta fields (__typename, __schema, __type) have no resolver hook in Apollo either.
        const field = parent.getFields()[selection.name.value];
        if (!field) continue;
        policy = restrict(policy, fieldPolicy(field, isRoot));
        const target = getNamedType(field.type);
        if (selection.selectionSet && isCompositeType(target)) {
          for (const type of possibleTypes(schema, target)) {
            walk(selection.selectionSet, type, false);
          }
        }
      } else {
        const fragment =
          selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
        if (!fragment) continue;
        const condition = fragment.typeCondition
          ? schema.getType(fragment.typeCondition.name.value)
          : parent;
        if (
          condition &&
          isCompositeType(condition) &&
          possibleTypes(schema, condition).includes(parent)
        ) {
          walk(fragment.selectionSet, parent, isRoot);
        }
      }
    }
  };
  walk(operation.selectionSet, root, true);
  return policy;
}

function possibleTypes(
  schema: GraphQLSchema,
  type: GraphQLCompositeType,
): readonly GraphQLObjectType[] {
  if (isObjectType(type)) return [type];
  return isAbstractType(type) ? schema.getPossibleTypes(type) : [];
}

const CACHEABLE_HEADER = /^max-age=(\d+), (public|private)$/;
const UNCACHEABLE = 'no-store';

/** Cache-Control from the operation's static policy (see the module comment). */
export function cachePolicyPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  const byDocument = new WeakMap<DocumentNode, Map<OperationDefinitionNode, CacheHint>>();
  const policyOf = (
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
  ) => {
    let operations = byDocument.get(document);
    if (!operations) byDocument.set(document, (operations = new Map()));
    let policy = operations.get(operation);
    if (!policy)
      operations.set(operation, (policy = operationCachePolicy(schema, document, operation)));
    return policy;
  };
  return {
    async requestDidStart() {
      return {
        async executionDidStart({ schema, document, operation, overallCachePolicy }) {
          // Absent (whatever Apollo's type says) when `operationName` names no
          // operation of the document; execution then answers the error.
          if (!(operation as OperationDefinitionNode | undefined)) return;
          overallCachePolicy.restrict(policyOf(schema, document, operation));
        },
        async willSendResponse({ response, overallCachePolicy }) {
          // A header set by a resolver or plugin narrows the policy, as in
          // Apollo's plugin; one it cannot parse is left alone.
          const existing = response.http.headers.get('cache-control');
          if (existing && existing !== UNCACHEABLE) {
            const match = CACHEABLE_HEADER.exec(existing);
            if (!match) return;
            overallCachePolicy.restrict({
              maxAge: Number(match[1]),
              scope: match[2] === 'public' ? 'PUBLIC' : 'PRIVATE',
            });
          }
          const policy = existing === UNCACHEABLE ? null : overallCachePolicy.policyIfCacheable();
          const single = response.body.kind === 'single' && !response.body.singleResult.errors;
          response.http.headers.set(
            'cache-control',
            policy && single
              ? `max-age=${policy.maxAge}, ${policy.scope.toLowerCase()}`
              : UNCACHEABLE,
          );
        },
      };
    },
  };
}
