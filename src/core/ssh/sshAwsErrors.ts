/** An error whose message says what happened and what to do; `code` keeps the AWS error name. */
export class SshSetupError extends Error {
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SshSetupError';
  }
}

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'KMSAccessDeniedException',
  'AuthFailure',
]);

export function awsErrorName(error: unknown): string {
  const e = error as { name?: string; Code?: string; code?: string } | undefined;
  return e?.name ?? e?.Code ?? e?.code ?? 'Error';
}

export function isAccessDenied(error: unknown): boolean {
  return ACCESS_DENIED.has(awsErrorName(error));
}

/**
 * Wraps an access-denied error into one that names the IAM actions to grant;
 * anything else is returned unchanged so the caller's generic handling applies.
 */
export function explainAccessDenied(error: unknown, doing: string, permissions: readonly string[]): unknown {
  if (!isAccessDenied(error)) return error;
  return new SshSetupError(
    `Access denied while ${doing}. Ask your administrator to allow ${permissions.join(', ')} for your AWS identity, then try again.`,
    awsErrorName(error),
    { cause: error },
  );
}
