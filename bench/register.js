// Loads the TypeScript sources of the benchmarked servers by transpiling each file, as
// ts-node's transpile-only mode does, but without ts-node: it loads Node's REPL, and with
// it the domain module, which slows down every EventEmitter (each socket, request and pg
// query) of a server that in production runs compiled JavaScript.
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const configFile = ts.readConfigFile(path.join(__dirname, '..', 'tsconfig.json'), ts.sys.readFile);
const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, path.join(__dirname, '..'));
const compilerOptions = { ...options, sourceMap: false, inlineSourceMap: false, declaration: false, noEmit: false };

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
