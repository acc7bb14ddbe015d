import assert from 'node:assert/strict';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { builtKinds, synthOf } from './synthFixture';

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

for (const kind of builtKinds()) {
  describe(`${kind} template: cdk-nag`, function () {
    // The first synthesis loads aws-cdk-lib and builds the app: seconds, not milliseconds.
    this.timeout(180_000);

    it('has no unacknowledged AwsSolutions finding', () => {
      const list = findings(new AwsSolutionsChecks(), synthOf(kind).stack);
      assert.deepEqual(list, [], list.join('\n'));
    });

    it('has no unacknowledged HIPAA Security finding', () => {
      const list = findings(new HIPAASecurityChecks(), synthOf(kind).stack);
      assert.deepEqual(list, [], list.join('\n'));
    });

    it('gives every acknowledgement a reason a reviewer can check', () => {
      // aws-cdk-lib records its own acknowledgements (CloudFormation-Validate::...); ours are the nag ones.
      const acks = acknowledgements(synthOf(kind).stack).filter((a) => /AwsSolutions|HIPAA/.test(a.id));
      for (const a of acks) {
        assert.ok(a.reason.length >= 60, `${a.path} ${a.id}: reason too short: '${a.reason}'`);
      }
    });
  });
}

describe('cdk-nag acknowledgements', function () {
  this.timeout(180_000);
  it('MDE keeps its documented acknowledgements (the reason check above has something to check)', () => {
    const acks = acknowledgements(synthOf('mde').stack).filter((a) => /AwsSolutions|HIPAA/.test(a.id));
    assert.ok(acks.length >= 10, `expected the documented acknowledgements, got ${acks.length}`);
  });
});
