import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FAKE_OPERATIONS, type FakeService } from '../../fakeaws/fakeOperations';

const ROOT = join(__dirname, '..', '..', '..');

/** SDK client package -> the service name it signs requests with (what the fake dispatches on). */
const SIGNING: Readonly<Record<string, FakeService>> = {
  'client-cloudformation': 'cloudformation',
  'client-ec2': 'ec2',
  'client-s3': 's3',
  'client-sts': 'sts',
  'client-ssm': 'ssm',
  'client-secrets-manager': 'secretsmanager',
  'client-ec2-instance-connect': 'ec2-instance-connect',
  'client-acm': 'acm',
  'client-eks': 'eks',
  'client-pricing': 'pricing',
  'client-cloudwatch': 'monitoring',
  'client-rds': 'rds',
};

/** Operations the SDK's waiters poll. */
const WAITERS: Readonly<Record<string, string>> = {
  waitUntilChangeSetCreateComplete: 'DescribeChangeSet',
  waitUntilInstanceRunning: 'DescribeInstances',
  waitUntilInstanceStopped: 'DescribeInstances',
};

/** `XCommand` sends X, `paginateX` pages X, a waiter polls its operation. */
function operationOf(name: string): string | undefined {
  return /^(\w+)Command$/.exec(name)?.[1] ?? /^paginate(\w+)$/.exec(name)?.[1] ?? WAITERS[name];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Every operation product code sends: commands it constructs, paginators and waiters it runs, by service. */
function productOperations(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const imported of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/(client-[a-z0-9-]+)'/g)) {
      const service = SIGNING[imported[2] ?? ''];
      assert.ok(service, `${relative(ROOT, file)} uses @aws-sdk/${imported[2]}, which the fake does not serve: add it to the fake and to this table`);
      for (const name of (imported[1] ?? '').split(',').map((n) => n.trim().replace(/^type\s+/, ''))) {
        const operation = operationOf(name);
        if (!operation || !new RegExp(`\\b${name}\\b`).test(text.replace(/import[^;]*;/g, ''))) continue;
        const key = `${service}:${operation}`;
        found.set(key, [...(found.get(key) ?? []), relative(ROOT, file)]);
      }
    }
  }
  return found;
}


describe('the fake AWS endpoint covers the product', () => {
  it('answers every AWS operation the product sends, at the wire level', () => {
    const operations = productOperations();
    assert.ok(operations.size >= 30, `found only ${operations.size} operations; is the scan broken?`);
    const missing = [...operations].filter(([key]) => {
      const [service, operation] = key.split(':') as [FakeService, string];
      return !FAKE_OPERATIONS[service]?.includes(operation);
    });
    assert.deepEqual(missing.map(([key, files]) => `${key} (${files.join(', ')})`), [], 'operations the product calls that the fake does not answer');
  });

  it('fails for an operation the fake lacks (the scan sees what a product file would send)', () => {
    assert.ok(!FAKE_OPERATIONS.cloudformation.includes('UpdateStack'), 'the product updates through change sets, not UpdateStack');
    assert.ok(productOperations().has('cloudformation:CreateChangeSet'));
    assert.ok(productOperations().has('cloudformation:DescribeChangeSet'), 'a waiter counts as the operation it polls');
    assert.ok(productOperations().has('ec2:DescribeVpcs'), 'a paginator counts as the operation it pages');
  });
});
