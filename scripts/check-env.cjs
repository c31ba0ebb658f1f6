// Preflight for npm start / npm test. Plain CommonJS with no dependencies so it
// runs, and explains itself, even on a Node.js too old for the rest.
'use strict';
var childProcess = require('child_process');

var MIN_NODE = [20, 19];
var MIN_JAVA = 17;

function fail(message) {
  process.stderr.write('\n  ' + message + '\n\n');
  process.exit(1);
}

/** True when a Node.js version string (e.g. "20.18.1") is new enough. */
function nodeSupported(version) {
  var parts = version.split('.').map(Number);
  return parts[0] > MIN_NODE[0] || (parts[0] === MIN_NODE[0] && parts[1] >= MIN_NODE[1]);
}

function checkNode() {
  if (!nodeSupported(process.versions.node)) {
    fail(
      'Node.js ' +
        process.versions.node +
        ' is too old: install Node.js ' +
        MIN_NODE.join('.') +
        ' or newer (https://nodejs.org, or `nvm install 22`).',
    );
  }
}

/** Returns the Java major version, or null when no `java` is on the PATH. */
function javaMajor() {
  var result = childProcess.spawnSync(process.env.JAVA || 'java', ['-version'], {
    encoding: 'utf8',
  });
  if (result.error || result.status !== 0) return null;
  var match = /version "(\d+)(?:\.(\d+))?/.exec(result.stderr + result.stdout);
  if (!match) return null;
  var major = Number(match[1]);
  // Java 8 and older report "1.8.0_x".
  return major === 1 ? Number(match[2]) : major;
}

function checkJava() {
  var major = javaMajor();
  if (major === null) {
    fail(
      'Java was not found: DynamoDB Local needs a Java runtime ' +
        MIN_JAVA +
        ' or newer (e.g. `apt-get install openjdk-17-jre-headless` or `brew install openjdk@17`).',
    );
  }
  if (major < MIN_JAVA) {
    fail(
      'Java ' +
        major +
        ' is too old: DynamoDB Local needs Java ' +
        MIN_JAVA +
        ' or newer (e.g. `apt-get install openjdk-17-jre-headless` or `brew install openjdk@17`).',
    );
  }
}

if (require.main === module) {
  checkNode();
  if (process.argv.indexOf('--node-only') === -1) checkJava();
} else {
  module.exports = { nodeSupported: nodeSupported };
}
