import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resourceSpecProblems } from '../../support/cfnResourceSpec';

const templatesDir = join(__dirname, '..', '..', '..', 'templates');
const shipped = readdirSync(templatesDir).filter((f) => f.endsWith('.template.json'));

/** A small valid template to break one way at a time. */
function base(): Record<string, unknown> {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: { Cidr: { Type: 'String' } },
    Conditions: { Always: { 'Fn::Equals': ['a', 'a'] } },
    Resources: {
      Group: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: { GroupDescription: 'g', SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: { Ref: 'Cidr' } }] },
      },
      Host: {
        Type: 'AWS::EC2::Instance',
        Condition: 'Always',
        DependsOn: ['Group'],
        Properties: { ImageId: 'ami-1', SecurityGroupIds: [{ 'Fn::GetAtt': ['Group', 'GroupId'] }], MetadataOptions: { HttpTokens: 'required' } },
      },
    },
    Outputs: { Ip: { Value: { 'Fn::Sub': 'ssh://${Host.PublicIp}:${AWS::Region}' } } },
  };
}

describe('shipped templates against the CloudFormation resource specification', function () {
  this.timeout(60_000);

  it('finds at least the MDE template to check', () => {
    assert.ok(shipped.includes('mde.template.json'), shipped.join(', '));
  });

  for (const file of shipped) {
    it(`${file}: every resource type, property, required property, attribute and reference exists`, () => {
      const template = JSON.parse(readFileSync(join(templatesDir, file), 'utf8')) as Record<string, unknown>;
      assert.deepEqual(resourceSpecProblems(template), []);
    });
  }

  describe('the checker itself', () => {
    it('accepts a small valid template', () => {
      assert.deepEqual(resourceSpecProblems(base()), []);
    });

    // The templates are untyped JSON; each case reaches into it by path.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const broken: [string, (t: any) => void, RegExp][] = [
      ['an unknown resource type', (t) => (t.Resources.Host.Type = 'AWS::EC2::Instanse'), /resource type AWS::EC2::Instanse does not exist/],
      ['an unknown property', (t) => (t.Resources.Host.Properties.ImageID = 'x'), /unknown property ImageID/],
      ['an unknown nested property', (t) => (t.Resources.Host.Properties.MetadataOptions.HttpToken = 'x'), /MetadataOptions: unknown property HttpToken/],
      ['an unknown property inside a list item', (t) => (t.Resources.Group.Properties.SecurityGroupIngress[0].Cidr = 'x'), /SecurityGroupIngress\[0\]: unknown property Cidr/],
      ['a missing required property', (t) => delete t.Resources.Group.Properties.GroupDescription, /required property GroupDescription missing/],
      ['an unknown GetAtt attribute', (t) => (t.Resources.Host.Properties.SecurityGroupIds[0]['Fn::GetAtt'][1] = 'Arn'), /has no attribute Arn/],
      ['an unknown attribute inside Fn::Sub', (t) => (t.Outputs.Ip.Value['Fn::Sub'] = '${Host.PublicAddress}'), /has no attribute PublicAddress/],
      ['a dangling Ref', (t) => (t.Resources.Group.Properties.SecurityGroupIngress[0].CidrIp = { Ref: 'Nope' }), /Ref to unknown Nope/],
      ['a dangling DependsOn', (t) => (t.Resources.Host.DependsOn = ['Gone']), /no resource Gone/],
      ['an unknown condition', (t) => (t.Resources.Host.Condition = 'Never'), /no condition Never/],
      ['a list where an object belongs', (t) => (t.Resources.Host.Properties.MetadataOptions = ['x']), /expected an object/],
      ['an unknown parameter type', (t) => (t.Parameters.Cidr.Type = 'Text'), /not a CloudFormation parameter type/],
    ];
    for (const [what, breakIt, expected] of broken) {
      it(`reports ${what}`, () => {
        const template = base();
        breakIt(template);
        const problems = resourceSpecProblems(template);
        assert.ok(problems.some((p) => expected.test(p)), problems.join('\n'));
      });
    }
  });
});
