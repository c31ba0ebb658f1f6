// @ts-check
'use strict';

/**
 * Local Serverless Framework plugin: at `serverless deploy`, every unversioned
 * SSM dynamic reference of the compiled template, `{{resolve:ssm:NAME}}`, is
 * pinned to the parameter's current version, `{{resolve:ssm:NAME:VERSION}}`.
 *
 * Why: CloudFormation reads a dynamic reference again only when the reference
 * text itself changes, and the Framework skips a deploy whose template and
 * code are unchanged ("No changes to deploy. Deployment skipped."). Unpinned,
 * an updated parameter was never applied. `--force` would not help: the
 * Framework would submit the same template, and CloudFormation finds nothing
 * to update in it. Pinned, a new version is a new template: the Framework
 * deploys it, the change set names the resources that read the parameter, and
 * CloudFormation resolves the new value for them. Unchanged parameters keep
 * their version, so a deploy with nothing new is still skipped.
 *
 * `serverless package` (offline, no credentials) leaves the references as
 * written; only a deploy, which has the stage's credentials, pins them. A
 * missing parameter fails the deploy here, before anything is uploaded.
 */

/** An unversioned SSM reference; SSM names cannot hold ':' or '}'. */
const UNPINNED = /\{\{resolve:ssm:([^:}]+)\}\}/g;

/**
 * The names of the parameters the template references without a version.
 * @param {unknown} template
 * @returns {string[]}
 */
function unpinnedNames(template) {
  const names = new Set();
  for (const match of JSON.stringify(template).matchAll(UNPINNED)) names.add(match[1]);
  return [...names].sort();
}

/**
 * Rewrites, in place, every unversioned reference of the template to the
 * version given for its parameter.
 * @param {unknown} node the compiled template, or a part of it
 * @param {ReadonlyMap<string, number>} versions version per parameter name
 * @returns {unknown} the same node (strings are returned rewritten)
 * @throws Error when a referenced parameter has no version in `versions`
 */
function pinSsmVersions(node, versions) {
  if (typeof node === 'string') {
    return node.replace(UNPINNED, (_, /** @type {string} */ name) => {
      const version = versions.get(name);
      if (version === undefined) throw new Error(`no version for SSM parameter ${name}`);
      return `{{resolve:ssm:${name}:${version}}}`;
    });
  }
  if (Array.isArray(node)) {
    node.forEach((item, i) => (node[i] = pinSsmVersions(item, versions)));
  } else if (node !== null && typeof node === 'object') {
    const record = /** @type {Record<string, unknown>} */ (node);
    for (const key of Object.keys(record)) record[key] = pinSsmVersions(record[key], versions);
  }
  return node;
}

class PinSsmVersions {
  /**
   * @param {any} serverless the Framework instance
   * @param {unknown} _options
   * @param {{ log: { notice(message: string): void; info(message: string): void } }} utils
   */
  constructor(serverless, _options, utils) {
    this.serverless = serverless;
    this.log = utils.log;
    this.hooks = {
      // After packaging (or reading `--package`), before the Framework
      // compares the template with the last deployment's.
      'before:aws:deploy:deploy:checkForChanges': () => this.pin(),
    };
  }

  async pin() {
    const provider = this.serverless.getProvider('aws');
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    const names = unpinnedNames(template);
    if (names.length === 0) return;
    const { SSMClient, GetParametersCommand } = require('@aws-sdk/client-ssm');
    const ssm = new SSMClient(await provider.getAwsSdkV3Config());
    /** @type {Map<string, number>} */
    const versions = new Map();
    /** @type {string[]} */
    const missing = [];
    // GetParameters takes at most 10 names.
    for (let i = 0; i < names.length; i += 10) {
      const answer = await ssm.send(new GetParametersCommand({ Names: names.slice(i, i + 10) }));
      for (const p of answer.Parameters ?? []) versions.set(p.Name, p.Version);
      missing.push(...(answer.InvalidParameters ?? []));
    }
    if (missing.length > 0) {
      const ServerlessError = this.serverless.classes.Error;
      throw new ServerlessError(
        `SSM parameters missing for stage ${provider.getStage()}: ${missing.join(', ')}. ` +
          'Create them first (docs/operations.md, "First-time setup": SSM parameters).',
        'SSM_PARAMETERS_MISSING',
      );
    }
    pinSsmVersions(template, versions);
    this.log.notice(
      `SSM parameters pinned: ${names.map((n) => `${n}:${versions.get(n)}`).join(', ')}`,
    );
  }
}

module.exports = PinSsmVersions;
module.exports.pinSsmVersions = pinSsmVersions;
module.exports.unpinnedNames = unpinnedNames;
