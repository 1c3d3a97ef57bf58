// The root npm scripts run turbo through this file: it stops first, with one clear line, on a Node
// too old for weshop (check-node.cjs), then runs turbo with its anonymous telemetry off. turbo reads
// that only from the environment (or from a per-user `turbo telemetry disable`), so it is set here
// for every root script, on every OS; its update notice is off in turbo.json (noUpdateNotifier).
// CommonJS without modern syntax, so that an old Node gets as far as the version check.
'use strict';

var spawn = require('child_process').spawn;
require('./check-node.cjs').exitIfUnsupported();

var env = Object.assign({}, process.env, { TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' });
var child = spawn(process.execPath, [require.resolve('turbo/bin/turbo')].concat(process.argv.slice(2)), {
  env: env,
  stdio: 'inherit',
});

['SIGINT', 'SIGTERM'].forEach(function (signal) {
  process.on(signal, function () {
    child.kill(signal);
  });
});
child.on('exit', function (code) {
  process.exit(code === null ? 1 : code);
});
