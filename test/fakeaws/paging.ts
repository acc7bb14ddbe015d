import { FakeAwsError } from './errors';

/** One page of `items` after the opaque token; the token encodes the next offset like AWS's do. */
export function page<T>(items: readonly T[], token: string | undefined, size: number): { items: T[]; nextToken?: string } {
  let offset = 0;
  if (token) {
    const decoded = Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^offset:/, ''));
    if (!Number.isInteger(decoded) || decoded < 0) throw new FakeAwsError('ValidationError', 'Invalid NextToken', 400);
    offset = decoded;
  }
  const slice = items.slice(offset, offset + size);
  const next = offset + size < items.length ? Buffer.from(`offset:${offset + size}`).toString('base64url') : undefined;
  return next ? { items: slice, nextToken: next } : { items: slice };
}
