import * as vscode from 'vscode';

/** Asks before creating the S3 bucket CloudFormation must read a template over 51,200 bytes from. */
export async function stagingConsent(bucket: string, region: string): Promise<boolean> {
  const create = 'Create Bucket';
  const answer = await vscode.window.showWarningMessage(
    `This template is larger than 51,200 bytes, so CloudFormation must read it from S3. Create the bucket ${bucket} in ${region}? It is private, encrypted, TLS-only, and staged templates expire after 7 days.`,
    { modal: true },
    create,
  );
  return answer === create;
}
