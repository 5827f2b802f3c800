// Runs before start, build and test on whatever Node is installed, so it is plain old JavaScript:
// a Node too old for the project gets one clear line instead of a syntax error from deep inside.
var required = require('../package.json').engines.node.replace(/[^\d.]/g, '').split('.').map(Number);
var actual = process.versions.node.split('.').map(Number);
var tooOld = false;
for (var i = 0; i < 3; i++) {
  if ((actual[i] || 0) !== (required[i] || 0)) {
    tooOld = (actual[i] || 0) < (required[i] || 0);
    break;
  }
}
if (tooOld) {
  console.error(
    'Cartoon Truth needs Node.js ' + required.join('.') + ' or newer; this is ' + process.versions.node +
      ' (' + process.execPath + '). Install a current Node (the version in .nvmrc), or on Linux x64 run npm ci to get it from npm.'
  );
  process.exit(1);
}
