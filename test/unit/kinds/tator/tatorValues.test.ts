import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { TATOR_VALUE_OUTPUTS, TatorValuesError, tatorValuesFromOutputs, type TatorManifestValues } from '../../../../src/core/kinds/tator/tatorValues';
import { SAMPLE_VALUES } from './tatorFixture';

const outputs = (values: Partial<Record<keyof TatorManifestValues, string>> = {}): Record<string, string> =>
  Object.fromEntries(Object.entries({ ...SAMPLE_VALUES, ...values }).map(([k, v]) => [TATOR_VALUE_OUTPUTS[k as keyof TatorManifestValues], v]));

describe('Tator manifest values read from stack outputs', () => {
  it('reads every value from its output', () => {
    assert.deepEqual(tatorValuesFromOutputs(outputs()), SAMPLE_VALUES);
  });

  it('refuses values that could change what the manifests mean, naming the output', () => {
    const bad: [keyof TatorManifestValues, string][] = [
      ['allowedCidr', '0.0.0.0/0'],
      ['allowedCidr', '10.0.0.0/8'],
      ['allowedCidr', '127.0.0.7/32\n    - 0.0.0.0/0'],
      ['region', 'us-east-1\nkind: Pod'],
      ['fileSystemId', 'fs-12345678:/other'],
      ['mediaBucket', 'Tator.Media'],
      ['mediaBucket', 'a'],
      ['databaseHost', 'db.example.invalid #'],
      ['databaseHost', 'localhost'],
      ['imageTag', 'latest'],
      ['imageTag', 'c9d4fca8'],
    ];
    for (const [key, value] of bad) {
      assert.throws(() => tatorValuesFromOutputs(outputs({ [key]: value })), (e: Error) => e instanceof TatorValuesError && e.message.includes(TATOR_VALUE_OUTPUTS[key]), `${key}=${JSON.stringify(value)}`);
    }
  });

  it('says which output is missing and what to do', () => {
    const partial = outputs();
    delete partial[TATOR_VALUE_OUTPUTS.fileSystemId];
    assert.throws(() => tatorValuesFromOutputs(partial), /no FileSystemId output\. Update the stack to the Tator template this version ships/);
  });

  it('keeps a shown value printable and short', () => {
    assert.throws(() => tatorValuesFromOutputs(outputs({ region: `x\u0007${'y'.repeat(200)}` })), (e: Error) => !e.message.includes('\u0007') && e.message.length < 300);
  });

  it('admits only values that are plain YAML scalars meaning themselves', () => {
    for (const value of Object.values(SAMPLE_VALUES)) assert.equal(parse(`k: ${value}`).k, value);
    assert.equal(parse(`k: ${SAMPLE_VALUES.allowedCidr}`, { version: '1.1' }).k, SAMPLE_VALUES.allowedCidr);
  });
});
