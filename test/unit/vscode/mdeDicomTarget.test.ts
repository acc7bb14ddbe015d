import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { toStackInfo } from '../../../src/core/stacks/stackInfo';
import { stackTarget } from '../../../src/vscode/dicom/dicomTargets';
import type { Services } from '../../../src/vscode/services';
import { UserCancelledError } from '../../../src/vscode/userCancelled';
import { mdeStack, failedOrthancStack } from '../../fixtures/account';

const services = {} as Services;
const withDicom = (stack: typeof mdeStack) => ({ ...stack, Outputs: [...(stack.Outputs ?? []), { OutputKey: 'DicomWebUrl', OutputValue: 'http://127.0.0.20:5000/dicomweb/studies' }] });

describe('MDE as a DICOM target', () => {
  const window = vscode.window as unknown as Record<string, unknown>;
  const original = { showQuickPick: window.showQuickPick, showWarningMessage: window.showWarningMessage };
  afterEach(() => Object.assign(window, original));

  it('routes MDE stacks through the MDE target (tunnel by default), other kinds to their DicomWebUrl', () => {
    const mde = stackTarget(services, toStackInfo(withDicom(mdeStack), 'us-east-1'));
    assert.equal(mde?.description, 'MONAI Informatics Gateway · us-east-1');
    assert.equal(typeof mde?.release, 'function');
    const orthanc = stackTarget(services, toStackInfo({ ...withDicom(failedOrthancStack), Outputs: [{ OutputKey: 'DicomWebUrl', OutputValue: 'https://pacs.localhost/dicom-web/studies' }] }, 'us-east-1'));
    assert.match(orthanc?.description ?? '', /^https:\/\/pacs\.localhost/);
    assert.equal(orthanc?.release, undefined);
  });

  it('never uses the open port unless the PHI warning was accepted', async () => {
    const warnings: string[] = [];
    window.showQuickPick = async (items: { route: string }[]) => items.find((i) => i.route === 'openPort');
    window.showWarningMessage = async (message: string, options: { detail?: string }) => {
      warnings.push(`${message}\n${options.detail ?? ''}`);
      return undefined;
    };
    const mde = stackTarget(services, toStackInfo(withDicom(mdeStack), 'us-east-1'))!;
    await assert.rejects(mde.resolve(), UserCancelledError);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /de-identified/);
  });
});
