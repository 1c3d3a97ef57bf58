// Stops `npm ci`, `npm start` and `npm test` on a Node too old for weshop with one line saying what
// to install. Plain CommonJS with nothing newer than ES5 syntax, so that any old Node can run it.
//
// The minimum is where Node runs TypeScript files without a flag (type stripping, on by default
// since 22.18 and 23.6): the API, the worker and the scripts are .ts files run by `node` itself.
'use strict';

var SUPPORTED = '^22.18.0 || >=23.6.0';
var RECOMMENDED = 24;

/** 'v22.18.0' → [22, 18, 0] */
function parseVersion(version) {
  return String(version)
    .replace(/^v/, '')
    .split('.')
    .map(function (part) {
      return parseInt(part, 10) || 0;
    });
}

function isSupported(version) {
  var parts = parseVersion(version);
  var major = parts[0];
  var minor = parts[1] || 0;
  if (major === 22) return minor >= 18;
  if (major === 23) return minor >= 6;
  return major > 23;
}

function problem(version) {
  if (isSupported(version)) return null;
  return (
    'weshop needs Node >= 22.18 (Node ' +
    RECOMMENDED +
    ' LTS recommended); this is Node ' +
    version +
    '. ' +
    'Install Node ' +
    RECOMMENDED +
    ' (`nvm install` reads .nvmrc) and run npm ci again.'
  );
}

/** Prints the problem, if any, and exits with status 1. */
function exitIfUnsupported() {
  var message = problem(process.version);
  if (message) {
    console.error('\n' + message + '\n');
    process.exit(1);
  }
}

module.exports = {
  SUPPORTED: SUPPORTED,
  RECOMMENDED: RECOMMENDED,
  isSupported: isSupported,
  problem: problem,
  exitIfUnsupported: exitIfUnsupported,
};

if (require.main === module) exitIfUnsupported();
