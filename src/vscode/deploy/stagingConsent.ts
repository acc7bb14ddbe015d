import * as vscode from 'vscode';
import type { StagingReason } from '../../core/deploy/templateStaging';

const WHY: Readonly<Record<StagingReason, string>> = {
  template: 'This template is larger than 51,200 bytes, so CloudFormation must read it from S3.',
  files: "This kind's stack reads files from S3.",
};

/** Asks before creating the S3 bucket CloudFormation must read a large template (or a kind's files) from. */
export async function stagingConsent(bucket: string, region: string, reason: StagingReason): Promise<boolean> {
  const create = 'Create Bucket';
  const answer = await vscode.window.showWarningMessage(
    `${WHY[reason]} Create the bucket ${bucket} in ${region}? It is private, encrypted, TLS-only, and staged files expire after 7 days.`,
    { modal: true },
    create,
  );
  return answer === create;
}
