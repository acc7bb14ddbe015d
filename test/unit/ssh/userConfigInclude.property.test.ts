import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { addManagedHost, forgetStack, removeManagedHost } from '../../../src/core/ssh/hostAccess';
import { sshPaths } from '../../../src/core/ssh/sshPaths';
import { ensureInclude, includeBlock, removeInclude } from '../../../src/core/ssh/userConfigInclude';
import { propertyRuns } from '../../support/propertyRuns';

const word = fc.stringMatching(/^[a-z0-9._-]{1,12}$/);
const unicode = fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => s.replace(/[\r\n\0]/g, ''));
const indent = fc.constantFrom('', '  ', '    ', '\t', ' \t ');
const sep = fc.constantFrom(' ', '=', '\t', ' = ');

const directive = fc.tuple(indent, fc.constantFrom('HostName', 'User', 'Port', 'IdentityFile', 'ForwardAgent', 'ServerAliveInterval'), sep, word).map(([i, k, s, v]) => `${i}${k}${s}${v}`);
const comment = fc.tuple(indent, unicode).map(([i, t]) => `${i}#${t}`);
const blank = fc.constantFrom('', ' ', '\t', '  \t');
const include = fc.tuple(indent, fc.constantFrom('~/.ssh/other/*', '"dir with space/x"', 'conf.d/*.conf', 'a b')).map(([i, p]) => `${i}Include ${p}`);
// Our own Include, but scoped inside a Host block: it does not count, ours must still be added.
const scopedOurs = fc.constant('  Include imaging-lab/config');
const hostBlock = fc
  .tuple(fc.array(word, { minLength: 1, maxLength: 3 }), fc.array(fc.oneof(directive, comment, blank, scopedOurs), { maxLength: 5 }))
  .map(([names, body]) => [`Host ${names.join(' ')}`, ...body]);
const matchBlock = fc
  .tuple(fc.constantFrom('Match all', 'Match host *.localhost', 'Match exec "test -f /nonexistent"', 'Match user ünïcode'), fc.array(fc.oneof(directive, comment, blank), { maxLength: 4 }))
  .map(([head, body]) => [head, ...body]);
const topLine = fc.oneof(directive, comment, blank, include, unicode.map((t) => `# ${t}`));

const userConfig = fc
  .record({
    top: fc.array(topLine, { maxLength: 5 }),
    blocks: fc.array(fc.oneof(hostBlock, matchBlock), { maxLength: 4 }),
    eol: fc.constantFrom('\n', '\r\n', 'mixed'),
    bom: fc.boolean(),
    finalEol: fc.boolean(),
  })
  .map(({ top, blocks, eol, bom, finalEol }) => {
    const lines = [...top, ...blocks.flat()];
    const text = lines.map((l, i) => l + (eol === 'mixed' ? (i % 2 ? '\r\n' : '\n') : eol)).join('');
    const body = finalEol ? text : text.replace(/\r?\n$/, '');
    return (bom ? '\uFEFF' : '') + body;
  });

describe('user ssh config stays byte-identical (property)', function () {
  this.timeout(300000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'imaging-lab-prop-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every user byte through add, update and remove on 1,000 generated configs', async () => {
    const numRuns = propertyRuns(1000);
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(userConfig, async (original) => {
        runs++;
        rmSync(join(dir, 'imaging-lab'), { recursive: true, force: true });
        const paths = sshPaths(dir);
        writeFileSync(paths.userConfig, original);
        assert.equal(await ensureInclude(paths), 'added');
        const bom = original.startsWith('\uFEFF') ? '\uFEFF' : '';
        const eol = original.includes('\r\n') ? '\r\n' : '\n';
        const withInclude = bom + includeBlock(paths, eol) + original.slice(bom.length);
        assert.equal(readFileSync(paths.userConfig, 'utf8'), withInclude);
        assert.equal(readFileSync(`${paths.userConfig}.bak`, 'utf8'), original);

        const stack = { name: 'course1', region: 'eu-west-1' };
        await addManagedHost(paths, { alias: 'lab-course1-jupyter', hostName: '127.0.0.5', user: 'ec2-user', proxyJump: 'lab-course1-filegator', stack });
        await addManagedHost(paths, { alias: 'lab-course1-filegator', hostName: '127.0.0.33', user: 'ubuntu', stack });
        await addManagedHost(paths, { alias: 'lab-course1-filegator', hostName: '3.3.3.4', port: 2222, user: 'ubuntu', stack });
        assert.equal(await ensureInclude(paths), 'present');
        assert.deepEqual(await forgetStack(paths, stack), ['lab-course1-jupyter', 'lab-course1-filegator']);
        assert.equal(await removeManagedHost(paths, 'lab-course1-filegator'), false);
        assert.equal(readFileSync(paths.userConfig, 'utf8'), withInclude);

        assert.equal(await removeInclude(paths), true);
        assert.equal(readFileSync(paths.userConfig, 'utf8'), original);
      }),
      { numRuns },
    );
    assert.equal(runs, numRuns);
  });
});
