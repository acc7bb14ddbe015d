import assert from 'node:assert/strict';
import { parameterHints, preparedByKind } from '../../../src/core/cfn/parameterHints';
import { parseTemplate } from '../../../src/core/cfn/parseTemplate';
import type { CfnTemplate } from '../../../src/core/cfn/templateTypes';

function template(hints: unknown, parameters: string[] = ['Zone', 'Size', 'Office', 'Key']): CfnTemplate {
  const declared = Object.fromEntries(parameters.map((p) => [p, { Type: 'String' }]));
  return parseTemplate(JSON.stringify({ Metadata: { 'ImagingLab::ParameterHints': hints }, Parameters: declared, Resources: { R: { Type: 'AWS::SNS::Topic' } } }), 't.json').template;
}

describe('parameter hints (template Metadata, untrusted)', () => {
  it('reads the three providers for declared parameters', () => {
    const hints = parameterHints(
      template({ Zone: { Provider: 'ZoneOffering', InstanceTypeParameter: 'Size' }, Office: { Provider: 'CallerCidr' }, Key: { Provider: 'KindPrepare' } }),
    );
    assert.deepEqual(Object.fromEntries(hints), {
      Zone: { Provider: 'ZoneOffering', InstanceTypeParameter: 'Size' },
      Office: { Provider: 'CallerCidr' },
      Key: { Provider: 'KindPrepare' },
    });
  });

  it('keeps only the known fields of a hint (nothing else from the template is carried along)', () => {
    const hints = parameterHints(template({ Office: { Provider: 'CallerCidr', Extra: 'x' }, Key: { Provider: 'KindPrepare', InstanceTypeParameter: 'Size' } }));
    assert.deepEqual(hints.get('Office'), { Provider: 'CallerCidr' });
    assert.deepEqual(hints.get('Key'), { Provider: 'KindPrepare' });
  });

  it('ignores a zone hint naming an undeclared or non-string instance-type parameter, and unknown providers', () => {
    const hints = parameterHints(
      template({
        Zone: { Provider: 'ZoneOffering', InstanceTypeParameter: 'Ghost' },
        Size: { Provider: 'ZoneOffering', InstanceTypeParameter: 7 },
        Office: { Provider: 'Shell', InstanceTypeParameter: 'Size' },
        Key: { InstanceTypeParameter: 'Size' },
      }),
    );
    assert.equal(hints.size, 0);
  });

  it('ignores hints for undeclared parameters, keys outside [A-Za-z0-9]{1,255}, and values that are not objects', () => {
    const hints = parameterHints(
      template({ Ghost: { Provider: 'CallerCidr' }, 'Off-ice': { Provider: 'CallerCidr' }, Office: 'CallerCidr', Key: null, Size: ['CallerCidr'] }, ['Zone', 'Size', 'Office', 'Key', 'Off-ice']),
    );
    assert.equal(hints.size, 0);
    const long = 'P'.repeat(256);
    assert.equal(parameterHints(template({ [long]: { Provider: 'CallerCidr' } }, [long])).size, 0);
    const longest = 'P'.repeat(255);
    assert.equal(parameterHints(template({ [longest]: { Provider: 'CallerCidr' } }, [longest])).size, 1);
  });

  it('has no hints when the Metadata entry is missing, a list or not an object', () => {
    for (const raw of [undefined, null, 'Zone', [{ Zone: { Provider: 'CallerCidr' } }]]) {
      assert.equal(parameterHints(template(raw)).size, 0, JSON.stringify(raw));
    }
  });

  it('has no hints for a template without Metadata', () => {
    const bare = parseTemplate(JSON.stringify({ Parameters: { Key: { Type: 'String' } }, Resources: { R: { Type: 'AWS::SNS::Topic' } } }), 't.json').template;
    assert.equal(parameterHints(bare).size, 0);
    assert.equal(preparedByKind(bare, 'Key'), false);
  });

  it('says a parameter is prepared by the kind only for a KindPrepare hint', () => {
    const t = template({ Key: { Provider: 'KindPrepare' }, Office: { Provider: 'CallerCidr' } });
    assert.equal(preparedByKind(t, 'Key'), true);
    assert.equal(preparedByKind(t, 'Office'), false);
    assert.equal(preparedByKind(t, 'Zone'), false);
  });
});
