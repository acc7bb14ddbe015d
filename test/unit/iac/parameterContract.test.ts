import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATE_BUILDERS, templatePath } from '../../../templates/cdk/kinds';
import type { KindId } from '../../../src/core/kinds/kinds';

const ROOT = join(__dirname, '..', '..', '..');

interface Parameter {
  Type: string;
  Description?: string;
  AllowedValues?: string[];
  AllowedPattern?: string;
  ConstraintDescription?: string;
  NoEcho?: boolean;
  Default?: string;
}
interface Shipped {
  Parameters: Record<string, Parameter>;
  Metadata: { 'AWS::CloudFormation::Interface': { ParameterGroups: { Label: { default: string }; Parameters: string[] }[]; ParameterLabels: Record<string, { default: string }> } };
}

/** The deploy wizard is generated from these fields, so every shipped template must carry them. */
describe('shipped templates: parameters the wizard is generated from', () => {
  for (const kind of Object.keys(TEMPLATE_BUILDERS) as KindId[]) {
    const template = (): Shipped => JSON.parse(readFileSync(join(ROOT, templatePath(kind)), 'utf8'));

    it(`${kind}: every parameter is grouped and labelled exactly once`, () => {
      const t = template();
      const iface = t.Metadata['AWS::CloudFormation::Interface'];
      const grouped = iface.ParameterGroups.flatMap((g) => g.Parameters);
      assert.deepEqual([...grouped].sort(), Object.keys(t.Parameters).sort());
      assert.equal(new Set(grouped).size, grouped.length);
      for (const key of grouped) assert.ok(iface.ParameterLabels[key]?.default, `${key} has no label`);
    });

    it(`${kind}: every parameter is described and constrained; secrets are NoEcho without default`, () => {
      for (const [key, p] of Object.entries(template().Parameters)) {
        assert.ok(p.Description && p.Description.length >= 20, `${key}: description`);
        if (p.Type === 'String') assert.ok(p.AllowedValues || p.AllowedPattern, `${key}: neither AllowedValues nor AllowedPattern`);
        if (p.AllowedPattern) assert.ok(p.ConstraintDescription, `${key}: pattern without ConstraintDescription`);
        if (/password|secret|token/i.test(key)) {
          assert.equal(p.NoEcho, true, `${key} must be NoEcho`);
          assert.equal(p.Default, undefined, `${key} must not have a default`);
        }
        if (p.Default !== undefined && p.AllowedValues) assert.ok(p.AllowedValues.includes(p.Default), `${key}: default not allowed`);
      }
    });
  }
});
