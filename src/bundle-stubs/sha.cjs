'use strict';
/**
 * Replaces sha.js (a pure-JS hash for browsers) in the Lambda bundles:
 * @apollo/utils.createhash falls back to it only outside Node; on Lambda the
 * same hashes come from node:crypto.
 */
const { createHash } = require('node:crypto');

module.exports = (algorithm) => createHash(algorithm);
