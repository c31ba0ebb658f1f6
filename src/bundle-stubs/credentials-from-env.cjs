'use strict';
/**
 * Replaces @aws-sdk/credential-provider-node (the SDK's default chain: env,
 * SSO, ini files, credential_process, web identity, container, IMDS) in the
 * Lambda bundles. Lambda hands every function its role's credentials in
 * environment variables, and serverless offline passes the local stack's
 * there too, so the first link of the chain is all a function ever uses; the
 * rest (STS, SSO and their nested clients) is about 100 KB per bundle.
 */
const { fromEnv } = require('@aws-sdk/credential-provider-env');

exports.defaultProvider = (init = {}) => fromEnv(init);
