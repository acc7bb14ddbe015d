/** An AWS error the fake answers with, in whatever envelope the called service uses. */
export class FakeAwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
  ) {
    super(message);
  }
}

export function validationError(message: string): FakeAwsError {
  return new FakeAwsError('ValidationError', message, 400);
}
