import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { toStackInfo } from '../../../../src/core/stacks/stackInfo';
import { buildRootNodes } from '../../../../src/vscode/tree/rootNodes';
import type { StackDetailsSource } from '../../../../src/vscode/tree/stackDetailsSource';

const details: StackDetailsSource = { instances: async () => [], events: async () => [] };

function tatorStack(gpuWorkers: string) {
  return toStackInfo(
    {
      StackName: `tator-${gpuWorkers}`, StackId: `arn:aws:cloudformation:us-east-1:111122223333:stack/tator-${gpuWorkers}/1`, StackStatus: 'UPDATE_COMPLETE',
      CreationTime: new Date('2026-11-20T10:00:00Z'), Tags: [{ Key: 'imaging-lab:kind', Value: 'tator' }],
      Parameters: [{ ParameterKey: 'GpuWorkers', ParameterValue: gpuWorkers }, { ParameterKey: 'GpuInstanceType', ParameterValue: 'g4dn.xlarge' }],
    },
    'us-east-1',
    new Set(),
  );
}

describe('a Tator stack node', () => {
  it('gives the running cost with its GPU workers in the tooltip, and offers the Tator actions', async () => {
    const [group] = buildRootNodes({ stacks: [tatorStack('0'), tatorStack('3')], failures: [], fetchedAt: '2026-11-30T00:00:00Z' }, details, true);
    const nodes = (await group!.getChildren?.()) ?? [];
    const items = nodes.map((n) => n.getTreeItem() as vscode.TreeItem);
    // appendText escapes Markdown; the text as shown:
    const tooltips = items.map((i) => (i.tooltip as vscode.MarkdownString).value.replace(/\\(.)/g, '$1'));
    assert.match(tooltips[0]!, /Estimated cost: ~\$0\.62\/h with 0 GPU workers .*each g4dn\.xlarge GPU worker adds ~\$0\.54\/h/);
    assert.match(tooltips[1]!, /Estimated cost: ~\$2\.23\/h with 3 GPU workers/);
    assert.match(String(items[0]!.contextValue), /\baction:writeKubeconfig action:openTator action:scaleGpuWorkers\b/);
  });
});
