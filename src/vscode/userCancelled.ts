/** Thrown when the user dismisses a picker or input; the command wrapper ends quietly on it. */
export class UserCancelledError extends Error {
  constructor() {
    super('Cancelled by the user.');
    this.name = 'UserCancelledError';
  }
}

/** Returns the value of a picker/input or throws UserCancelledError when it was dismissed. */
export function required<T>(value: T | undefined): T {
  if (value === undefined) throw new UserCancelledError();
  return value;
}
