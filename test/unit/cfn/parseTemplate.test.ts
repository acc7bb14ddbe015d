import assert from 'node:assert/strict';
import { NotATemplateError, parseTemplate, TemplateSyntaxError } from '../../../src/core/cfn/parseTemplate';

const YAML_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env:
    Type: String
    Default: dev
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '\${AWS::StackName}-data'
      Tags:
        - Key: joined
          Value: !Join ['-', [a, !Ref Env]]
  Instance:
    Type: AWS::EC2::Instance
    Properties:
      AvailabilityZone: !Select [0, !GetAZs '']
      UserData: !Base64
        Fn::Sub: |
          #!/bin/bash
          echo \${Env}
      ImageId: !FindInMap [Images, !Ref 'AWS::Region', ami]
      SubnetId: !If [IsProd, !ImportValue prod-subnet, !Ref 'AWS::NoValue']
      SecurityGroupIds: !Split [',', !Sub ['\${A},\${B}', { A: x, B: y }]]
      Cidrs: !Cidr [!GetAtt Vpc.CidrBlock, 6, 5]
      Endpoint: !GetAtt Db.Endpoint.Address
      Listed: !GetAtt [Db, Port]
      Both: !And [!Equals [a, a], !Or [!Condition IsProd, !Condition NotProd]]
      Macro: !Transform { Name: Upper, Parameters: { Value: x } }
`;

describe('parseTemplate', () => {
  it('expands every YAML short-form intrinsic to its long form', () => {
    const { template, format } = parseTemplate(YAML_TEMPLATE, 'lab.yaml');
    assert.equal(format, 'yaml');
    assert.deepEqual(template.Conditions?.IsProd, { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] });
    assert.deepEqual(template.Conditions?.NotProd, { 'Fn::Not': [{ Condition: 'IsProd' }] });
    const bucket = template.Resources.Bucket?.Properties ?? {};
    assert.deepEqual(bucket.BucketName, { 'Fn::Sub': '${AWS::StackName}-data' });
    assert.deepEqual((bucket.Tags as { Value: unknown }[])[0]?.Value, { 'Fn::Join': ['-', ['a', { Ref: 'Env' }]] });
    const p = template.Resources.Instance?.Properties ?? {};
    assert.deepEqual(p.AvailabilityZone, { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] });
    assert.deepEqual(p.UserData, { 'Fn::Base64': { 'Fn::Sub': '#!/bin/bash\necho ${Env}\n' } });
    assert.deepEqual(p.ImageId, { 'Fn::FindInMap': ['Images', { Ref: 'AWS::Region' }, 'ami'] });
    assert.deepEqual(p.SubnetId, { 'Fn::If': ['IsProd', { 'Fn::ImportValue': 'prod-subnet' }, { Ref: 'AWS::NoValue' }] });
    assert.deepEqual(p.SecurityGroupIds, { 'Fn::Split': [',', { 'Fn::Sub': ['${A},${B}', { A: 'x', B: 'y' }] }] });
    assert.deepEqual(p.Cidrs, { 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 6, 5] });
    assert.deepEqual(p.Endpoint, { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] });
    assert.deepEqual(p.Listed, { 'Fn::GetAtt': ['Db', 'Port'] });
    assert.deepEqual(p.Both, {
      'Fn::And': [{ 'Fn::Equals': ['a', 'a'] }, { 'Fn::Or': [{ Condition: 'IsProd' }, { Condition: 'NotProd' }] }],
    });
    assert.deepEqual(p.Macro, { 'Fn::Transform': { Name: 'Upper', Parameters: { Value: 'x' } } });
  });

  it('reads !GetAtt without a dot as the resource alone', () => {
    const { template } = parseTemplate('Resources:\n  B:\n    Type: T\n    Properties:\n      Whole: !GetAtt Res\n', 't.yaml');
    assert.deepEqual(template.Resources.B?.Properties?.Whole, { 'Fn::GetAtt': ['Res'] });
  });

  it('parses JSON templates', () => {
    const loaded = parseTemplate('{"Resources":{"B":{"Type":"AWS::S3::Bucket"}}}', 't.json');
    assert.equal(loaded.format, 'json');
    assert.equal(loaded.template.Resources.B?.Type, 'AWS::S3::Bucket');
  });

  it('reports a YAML syntax error with file and line', () => {
    const text = 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n   Properties: [unclosed\n';
    assert.throws(() => parseTemplate(text, '/tmp/bad.yaml'), (e: unknown) => {
      assert.ok(e instanceof TemplateSyntaxError);
      assert.equal(e.source, '/tmp/bad.yaml');
      assert.equal(e.line, 4);
      assert.match(e.message, /^\/tmp\/bad\.yaml:4:\d+: /);
      return true;
    });
  });

  it('reports a JSON syntax error with its line', () => {
    assert.throws(() => parseTemplate('{\n  "Resources": {\n    "B": { "Type": "x", }\n  }\n}', 'b.json'), (e: unknown) => {
      assert.ok(e instanceof TemplateSyntaxError);
      assert.equal(e.line, 3);
      return true;
    });
  });

  it('places a JSON syntax error at its line and column, with the parser\'s words and what to do', () => {
    assert.throws(() => parseTemplate('{\n  "Resources": {\n    "B": { "Type": "x", }\n  }\n}', 'b.json'), (e: unknown) => {
      assert.ok(e instanceof TemplateSyntaxError);
      assert.equal(e.name, 'TemplateSyntaxError');
      assert.deepEqual([e.line, e.column, e.detail], [3, 25, 'Expected double-quoted property name']);
      assert.equal(e.message, 'b.json:3:25: Expected double-quoted property name. Fix the template syntax and try again.');
      return true;
    });
    // Cut short: the error sits at the end of the text.
    assert.throws(() => parseTemplate('{\n"Resources": {', 'c.json'), (e: unknown) => e instanceof TemplateSyntaxError && e.line === 2 && e.column === 15);
    // A bare word where a value belongs: the character is named and placed, never the template quoted.
    const long = '{\n  "Resources": {\n    "A": { "Type": "AWS::S3::Bucket", "Properties": { "BucketName": x } }\n  }\n}';
    assert.throws(() => parseTemplate(long, 'd.json'), (e: unknown) => {
      assert.ok(e instanceof TemplateSyntaxError);
      assert.deepEqual([e.line, e.column, e.detail], [3, 69, "unexpected character 'x'"]);
      return true;
    });
    // A short source is quoted whole by V8: the first such character outside a string ("x" inside one is skipped).
    assert.throws(() => parseTemplate('{"x": x}', 'e.json'), (e: unknown) => e instanceof TemplateSyntaxError && e.line === 1 && e.column === 7 && e.detail === "unexpected character 'x'");
  });

  it('reads a template behind a byte-order mark, JSON or YAML, and names a YAML error with its first line only', () => {
    assert.equal(parseTemplate('\uFEFF  {"Resources":{"B":{"Type":"T"}}}', 't.json').format, 'json');
    assert.equal(parseTemplate('\uFEFFResources:\n  B:\n    Type: T\n', 't.yaml').format, 'yaml');
    assert.throws(() => parseTemplate('a: 1\na: 2\nResources:\n  B: {Type: T}\n', 'd.yaml'), (e: unknown) => {
      assert.ok(e instanceof TemplateSyntaxError);
      assert.deepEqual([e.line, e.column, e.detail], [2, 1, 'Map keys must be unique']);
      return true;
    });
  });

  it('refuses Parameters that is not a map, naming the file', () => {
    for (const parameters of [[], 'x', 1]) {
      assert.throws(() => parseTemplate(JSON.stringify({ Resources: { B: { Type: 'T' } }, Parameters: parameters }), 'p.json'), (e: unknown) => {
        assert.ok(e instanceof NotATemplateError);
        assert.equal(e.name, 'NotATemplateError');
        assert.equal(e.message, 'p.json is not a CloudFormation template: Parameters is not a map. Pick a template with a Resources section (JSON or YAML).');
        return true;
      });
    }
    assert.throws(() => parseTemplate('{"Resources": []}', 'r.json'), /no Resources section/);
    assert.throws(() => parseTemplate('{"Resources": {"B": null}}', 'r.json'), /resource 'B' has no Type/);
  });

  it('rejects documents that are not CloudFormation templates', () => {
    for (const [text, why] of [
      ['name: my-app\nversion: 2\n', /no Resources section/],
      ['- a\n- b\n', /top level is not a map/],
      ['{"Resources": {}}', /Resources section is empty/],
      ['Resources:\n  X:\n    Properties: {}\n', /resource 'X' has no Type/],
      ['apiVersion: v1\nkind: Pod\n', /no Resources section/],
    ] as const) {
      assert.throws(() => parseTemplate(text, 'f.yaml'), (e: unknown) => e instanceof NotATemplateError && why.test(e.message));
    }
  });

  it('refuses alias bombs instead of expanding them', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`);
    lines.push('Resources:\n  B:\n    Type: AWS::S3::Bucket');
    assert.throws(() => parseTemplate(lines.join('\n'), 'bomb.yaml'));
  });
});
