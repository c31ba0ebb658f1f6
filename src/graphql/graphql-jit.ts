/**
 * The parts of graphql-jit the executor uses. src/graphql/jit-executor.ts
 * imports this module lazily (on the first compilation), so a cold start does
 * not evaluate graphql-jit.
 */
export { compileQuery, isCompiledQuery } from 'graphql-jit';
