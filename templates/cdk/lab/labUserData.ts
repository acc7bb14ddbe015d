import { embeddedLabFile, writeFileStep } from './labFiles';

export interface EmbeddedFile {
  /** Path under templates/lab/. */
  readonly source: string;
  readonly target: string;
  readonly mode: string;
}

const withoutShebang = (text: string): string => text.replace(/^#![^\n]*\n/, '');

/**
 * User data of a lab instance: exported inputs (CloudFormation values), the embedded files, the
 * shared helpers (templates/lab/common/lab-lib.sh), then the installer. Every value is
 * single-quoted: the parameters' patterns and AWS's names admit no quote.
 */
export function labUserData(exports: readonly (readonly [string, string])[], files: readonly EmbeddedFile[], installer: string): string {
  const header = ['#!/bin/bash', ...exports.map(([k, v]) => `export ${k}='${v}'`), 'install -d -m 0755 /usr/local/share/imaging-lab'].join('\n');
  const steps = files.map((f) => writeFileStep(f.target, f.mode, embeddedLabFile(f.source))).join('');
  return `${header}\n${steps}${withoutShebang(embeddedLabFile('common/lab-lib.sh'))}${withoutShebang(embeddedLabFile(installer))}`;
}
