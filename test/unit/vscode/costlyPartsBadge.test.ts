import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { LAB_PARAMETER } from '../../../src/core/kinds/lab/labNames';
import type { StackInfo } from '../../../src/core/stacks/stackInfo';
import { COSTLY_PARTS_SCHEME, costlyPartsDecoration } from '../../../src/vscode/billing/costlyPartsBadge';
import { StackNode } from '../../../src/vscode/tree/nodes/stackNode';
import type { StackDetailsSource } from '../../../src/vscode/tree/stackDetailsSource';

const details: StackDetailsSource = { instances: async () => [], events: async () => [] };

function lab(switches: Partial<Record<'fileGator' | 'nat' | 'vpn', boolean>>, status = 'UPDATE_COMPLETE', masked = false): StackInfo {
  const value = (on: boolean | undefined) => (on ? 'true' : 'false');
  return {
    region: 'eu-west-1', stackId: 'arn:aws:cloudformation:eu-west-1:111122223333:stack/teaching-lab/1', stackName: 'teaching-lab', status,
    createdAt: '2026-11-20T00:00:00Z', kind: 'lab', kindEvidence: 'tag', tags: {}, outputs: [], terminationProtection: false,
    parameters: [
      { key: LAB_PARAMETER.enableFileGator, value: value(switches.fileGator), masked },
      { key: LAB_PARAMETER.enableNatGateway, value: value(switches.nat), masked },
      { key: LAB_PARAMETER.enableClientVpn, value: value(switches.vpn), masked },
    ],
  };
}

const badgeOf = (stack: StackInfo) => {
  const uri = (new StackNode(undefined, stack, details, false).getTreeItem() as vscode.TreeItem).resourceUri;
  return uri && costlyPartsDecoration(uri);
};

describe('Stacks tree: a warning badge on a stack while its costly optional parts run', () => {
  it('marks a lab with its NAT gateway or Client VPN on, naming what runs', () => {
    const both = badgeOf(lab({ fileGator: true, nat: true, vpn: true }));
    assert.equal(both?.badge, '$');
    assert.equal((both?.color as vscode.ThemeColor | undefined)?.id, 'list.warningForeground');
    assert.equal(both?.tooltip, 'Billed by the hour while on: NAT gateway, Client VPN');
    assert.equal(badgeOf(lab({ vpn: true }))?.tooltip, 'Billed by the hour while on: Client VPN');
  });

  it('leaves a lab without them unmarked: Task 1 only, FileGator alone, or a NAT switch without FileGator (no NAT is built)', () => {
    assert.equal(badgeOf(lab({})), undefined);
    assert.equal(badgeOf(lab({ fileGator: true })), undefined);
    assert.equal(badgeOf(lab({ nat: true })), undefined);
  });

  it('does not mark a lab being deleted, nor one whose switch values are hidden', () => {
    assert.equal(badgeOf(lab({ fileGator: true, nat: true, vpn: true }, 'DELETE_IN_PROGRESS')), undefined);
    assert.equal(badgeOf(lab({ fileGator: true, nat: true, vpn: true }, 'UPDATE_COMPLETE', true)), undefined);
  });

  it('decorates only its own URIs, and a URI without parts gets no badge', () => {
    const other = { scheme: 'file', query: 'parts=NAT%20gateway' } as vscode.Uri;
    assert.equal(costlyPartsDecoration(other), undefined);
    assert.equal(costlyPartsDecoration({ scheme: COSTLY_PARTS_SCHEME, query: '' } as vscode.Uri), undefined);
  });
});
