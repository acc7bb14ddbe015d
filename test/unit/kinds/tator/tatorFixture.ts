import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TatorManifestValues } from '../../../../src/core/kinds/tator/tatorValues';

/** Values shaped like a real stack's outputs (documentation addresses only). */
export const SAMPLE_VALUES: TatorManifestValues = {
  region: 'us-east-1',
  fileSystemId: 'fs-0123456789abcdef0',
  mediaBucket: 'tator-test-mediabucket-1a2b3c4d5e6f',
  databaseHost: 'tator-test-db.c1a2b3c4d5e6.us-east-1.rds.amazonaws.com',
  allowedCidr: '127.0.0.7/32',
  imageTag: 'c9d4fca8615a4e5b848c4a4a45286cb074d88626',
};

export const NGINX_CONF_PATH = join(__dirname, '..', '..', '..', '..', 'templates', 'tator', 'nginx.conf');

export function nginxConf(): string {
  return readFileSync(NGINX_CONF_PATH, 'utf8');
}
