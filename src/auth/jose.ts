/**
 * The parts of jose the verifier uses. src/auth/jwt-verifier.ts imports this
 * module lazily (on the first token), so the bundle evaluates jose only then,
 * and esbuild still keeps only these exports of it.
 */
export { createRemoteJWKSet, errors, jwtVerify } from 'jose';
