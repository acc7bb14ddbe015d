import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { ListObjectsV2CommandInput, ListObjectsV2CommandOutput } from '@aws-sdk/client-s3';
import { SERIES_INSTANCES_SHOWN } from '../../../src/core/kinds/stowrs/receivedBrowse';
import type { StackInfo } from '../../../src/core/stacks/stackInfo';
import type { ExplorerNode } from '../../../src/vscode/tree/explorerNode';
import { StackNode } from '../../../src/vscode/tree/nodes/stackNode';
import type { StackDetailsSource } from '../../../src/vscode/tree/stackDetailsSource';

const stowrs = (status = 'CREATE_COMPLETE', bucket = 'received-bucket'): StackInfo => ({
  region: 'eu-west-1', stackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/stow/1', stackName: 'stow', status,
  createdAt: '2026-11-20T00:00:00Z', kind: 'stowrs', kindEvidence: 'tag', tags: {}, parameters: [], terminationProtection: false,
  outputs: [
    { key: 'DicomWebUrl', value: 'https://127.0.0.1:9/studies' }, { key: 'DicomBucket', value: bucket }, { key: 'DicomPrefix', value: 'in' },
    { key: 'EndpointTlsMode', value: 'generated' }, { key: 'EndpointFingerprintParameter', value: '/stow/fp' },
  ],
});

/** An S3 stand-in answering ListObjectsV2 from a key list (Delimiter honoured, one page), recording the inputs. */
function bucketOf(keys: readonly string[]) {
  const asked: ListObjectsV2CommandInput[] = [];
  const send = async (command: { input: ListObjectsV2CommandInput }): Promise<Partial<ListObjectsV2CommandOutput>> => {
    const { Prefix = '', Delimiter } = command.input;
    asked.push(command.input);
    const under = keys.filter((k) => k.startsWith(Prefix));
    if (!Delimiter) return { IsTruncated: false, Contents: under.map((Key) => ({ Key, Size: 10 })) };
    const folders = [...new Set(under.filter((k) => k.indexOf(Delimiter, Prefix.length) >= 0).map((k) => k.slice(0, k.indexOf(Delimiter, Prefix.length) + 1)))];
    return { IsTruncated: false, CommonPrefixes: folders.map((p) => ({ Prefix: p })), Contents: under.filter((k) => k.indexOf(Delimiter, Prefix.length) < 0).map((Key) => ({ Key, Size: 1 })) };
  };
  return { asked, s3: { send } as never };
}

const item = (n: ExplorerNode) => n.getTreeItem() as vscode.TreeItem & { label: string };
const kids = async (n: ExplorerNode) => (await n.getChildren?.()) ?? [];

describe('Stacks tree: a STOW-RS stack\'s Received studies (listed from S3 when expanded)', () => {
  const details = (s3: unknown): StackDetailsSource => ({ instances: async () => [], events: async () => [], s3: async () => s3 as never });

  it('study folders, then one study\'s series with instance counts, then instances; untrusted names never shown', async () => {
    const sops = Array.from({ length: SERIES_INSTANCES_SHOWN + 2 }, (_, n) => `in/1.2/1.2.1/1.2.1.${n + 1}.dcm`);
    const { asked, s3 } = bucketOf([...sops, 'in/1.2/1.2.2/1.2.2.1.dcm', 'in/1.2/1.2.2/evil<b>.dcm', 'in/1.3/1.3.1/1.3.1.1.dcm', 'in/notes.txt', 'in/<img>/x.dcm']);
    const stack = new StackNode(undefined, stowrs(), details(s3), false);
    const section = (await kids(stack)).find((n) => item(n).contextValue === 'receivedStudies')!;
    assert.equal(item(section).label, 'Received studies');
    assert.equal(item(section).description, 's3://received-bucket/in/');
    assert.equal(asked.length, 0, 'nothing is listed before the section is expanded');
    const studies = await kids(section);
    assert.deepEqual(studies.map((n) => [item(n).label, item(n).contextValue]), [['1.2', 'receivedStudy'], ['1.3', 'receivedStudy'], ['2 other objects or folders under the prefix (not studies)', 'message']]);
    assert.deepEqual(asked.map((a) => [a.Prefix, a.Delimiter]), [['in/', '/']]);
    const series = await kids(studies[0]!);
    assert.deepEqual(series.map((n) => [item(n).label, item(n).description]), [
      ['1.2.1', `${SERIES_INSTANCES_SHOWN + 2} instances · ${(((SERIES_INSTANCES_SHOWN + 2) * 10) / 1024).toFixed(1)} KiB`],
      ['1.2.2', '1 instance · 10 B'],
      ['1 other object in the study folder (not series/sop.dcm)', undefined],
    ]);
    assert.equal(asked[1]?.Prefix, 'in/1.2/');
    const instances = await kids(series[0]!);
    assert.equal(instances.length, SERIES_INSTANCES_SHOWN + 1);
    assert.equal(item(instances[0]!).contextValue, 'receivedInstance');
    assert.equal(item(instances.at(-1)!).label, '2 more instances (Browse Received Studies lists them all)');
  });

  it('only on complete stacks; a wrong output or a failed listing is an error leaf, not a broken tree', async () => {
    const { s3 } = bucketOf([]);
    assert.ok(!(await kids(new StackNode(undefined, stowrs('CREATE_IN_PROGRESS'), details(s3), false))).some((n) => item(n).contextValue === 'receivedStudies'));
    const bad = (await kids(new StackNode(undefined, stowrs('CREATE_COMPLETE', 'Not_A_Bucket'), details(s3), false))).find((n) => item(n).contextValue === 'receivedStudies')!;
    assert.match(String(item(bad).description), /DicomBucket output is not an S3 bucket name/);
    assert.deepEqual((await kids(bad)).map((n) => (item(n).iconPath as vscode.ThemeIcon).id), ['error']);
    const denied = { send: async () => { throw Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }); } };
    const section = (await kids(new StackNode(undefined, stowrs(), details(denied), false))).find((n) => item(n).contextValue === 'receivedStudies')!;
    const [leaf] = await kids(section);
    assert.equal((item(leaf!).iconPath as vscode.ThemeIcon).id, 'error');
    assert.equal(item(leaf!).contextValue, 'message');
  });
});
