import Module from 'node:module';
import { join } from 'node:path';

/** Makes `require('vscode')` resolve to the stand-in when tests run outside VS Code. */
const stubPath = join(__dirname, 'vscodeStub.ts');
const resolver = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const original = resolver._resolveFilename;
resolver._resolveFilename = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? stubPath : original.call(this, request, ...rest);
};
