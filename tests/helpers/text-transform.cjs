// Jest transform: imports a .graphql file as its text, like esbuild's `text` loader.
'use strict';
module.exports = {
  process(source) {
    return { code: `module.exports = ${JSON.stringify(source)};` };
  },
};
