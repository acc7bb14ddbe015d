import assert from 'node:assert/strict';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { mdeSynth } from './synthFixture';

function findings(pack: AwsSolutionsChecks | HIPAASecurityChecks, scope: IConstruct): string[] {
  const report = pack.validateScope(scope);
  return report.violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.ruleName} [${v.severity ?? ''}] ${r.resourceLogicalId ?? r.constructPath ?? ''}`),
  );
}

/** Every acknowledgement in the tree, for the reason-quality check. */
function acknowledgements(scope: IConstruct): { path: string; id: string; reason: string }[] {
  return scope.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .map(([id, reason]) => ({ path: c.node.path, id, reason })),
  );
}

describe('MDE template: cdk-nag', function () {
  // The first synthesis loads aws-cdk-lib and builds the app: seconds, not milliseconds.
  this.timeout(120_000);
  before(() => mdeSynth());

  it('has no unacknowledged AwsSolutions finding', () => {
    const list = findings(new AwsSolutionsChecks(), mdeSynth().stack);
    assert.deepEqual(list, [], list.join('\n'));
  });

  it('has no unacknowledged HIPAA Security finding', () => {
    const list = findings(new HIPAASecurityChecks(), mdeSynth().stack);
    assert.deepEqual(list, [], list.join('\n'));
  });

  it('gives every acknowledgement a reason a reviewer can check', () => {
    // aws-cdk-lib records its own acknowledgements (CloudFormation-Validate::...); ours are the nag ones.
    const acks = acknowledgements(mdeSynth().stack).filter((a) => /AwsSolutions|HIPAA/.test(a.id));
    assert.ok(acks.length >= 10, `expected the documented acknowledgements, got ${acks.length}`);
    for (const a of acks) {
      assert.ok(a.reason.length >= 60, `${a.path} ${a.id}: reason too short: '${a.reason}'`);
    }
  });
});
