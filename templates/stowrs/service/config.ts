import { normalisePrefix as normaliseKeyPrefix } from '../../../src/core/kinds/stowrs/objectKeys';
import type { LogLevel } from './log';

/** Everything the service reads from its environment, validated once at start. */
export interface ServiceConfig {
  readonly bucket: string;
  /** Normalised key prefix: no leading or trailing "/", "" for the bucket root. */
  readonly prefix: string;
  /** WADO-RS base without a trailing "/"; undefined means no RetrieveURL in responses. */
  readonly wadoUrl: string | undefined;
  readonly logLevel: LogLevel;
  /** Seconds to wait before answering a Store (upstream's RESPONSEDELAY, for client testing). */
  readonly responseDelaySeconds: number;
  readonly host: string;
  readonly port: number;
  /** Plain-HTTP port answering only GET /health (load-balancer checks that cannot present a client certificate). */
  readonly healthPort: number | undefined;
  readonly tls: { readonly certFile: string; readonly keyFile: string; readonly clientCaFile: string | undefined } | undefined;
  readonly s3: { readonly region: string | undefined; readonly forcePathStyle: boolean };
  readonly limits: ServiceLimits;
}

export interface ServiceLimits {
  /** Bytes of a part that may be held to find its identifying attributes. */
  readonly headerBytes: number;
  /** Multipart upload part size (S3 minimum 5 MiB; 10,000 parts bound an object to 10,000 x this). */
  readonly partBytes: number;
  /** UploadPart requests in flight per object. */
  readonly queueSize: number;
  /** Bytes of finished parts still being uploaded before the service stops reading more. */
  readonly pendingBytes: number;
  /** A connection that sends nothing for this long is dropped (and its partial upload aborted). */
  readonly idleSeconds: number;
  /** How long SIGTERM waits for requests in flight before cutting them. */
  readonly stopSeconds: number;
}

const MIB = 1024 * 1024;
const LEVELS: Record<string, LogLevel> = { DEBUG: 'debug', INFO: 'info', WARNING: 'warning', WARN: 'warning', ERROR: 'error', CRITICAL: 'error' };

/** Thrown for a setting that cannot be used; the message names the variable and what it accepts. */
export class ConfigError extends Error {}

type Env = Readonly<Record<string, string | undefined>>;

export function readConfig(env: Env): ServiceConfig {
  const bucket = env.BUCKETNAME?.trim() ?? '';
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new ConfigError(`BUCKETNAME must be an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens); got '${bucket}'`);
  const certFile = env.TLSCERT?.trim() || undefined;
  const keyFile = env.TLSKEY?.trim() || undefined;
  const clientCaFile = env.CLIENTCA?.trim() || undefined;
  if ((certFile === undefined) !== (keyFile === undefined)) throw new ConfigError('TLSCERT and TLSKEY go together: set both (PEM files) or neither');
  if (clientCaFile && !certFile) throw new ConfigError('CLIENTCA (client certificates) needs TLS: set TLSCERT and TLSKEY too');
  const level = LEVELS[(env.LOGLEVEL ?? 'INFO').trim().toUpperCase()];
  if (!level) throw new ConfigError(`LOGLEVEL must be one of ${Object.keys(LEVELS).join(', ')}; got '${env.LOGLEVEL}'`);
  return {
    bucket,
    prefix: normalisePrefix(env.PREFIX ?? ''),
    wadoUrl: normaliseWadoUrl(env.WADOURL ?? ''),
    logLevel: level,
    responseDelaySeconds: number(env, 'RESPONSEDELAY', 0, 0, 300),
    host: env.HOST?.trim() || '127.0.0.1',
    port: number(env, 'PORT', certFile ? 8443 : 8080, 0, 65535, true),
    healthPort: env.HEALTHPORT ? number(env, 'HEALTHPORT', 0, 0, 65535, true) : undefined,
    tls: certFile && keyFile ? { certFile, keyFile, clientCaFile } : undefined,
    s3: { region: env.AWS_REGION?.trim() || undefined, forcePathStyle: env.S3FORCEPATHSTYLE === 'true' },
    limits: {
      headerBytes: number(env, 'HEADERLIMITMIB', 4, 1, 64) * MIB,
      partBytes: number(env, 'PARTSIZEMIB', 8, 5, 512, true) * MIB,
      queueSize: number(env, 'UPLOADQUEUE', 4, 1, 16, true),
      pendingBytes: number(env, 'PENDINGMIB', 128, 8, 4096) * MIB,
      idleSeconds: number(env, 'IDLETIMEOUT', 120, 5, 3600),
      stopSeconds: number(env, 'STOPTIMEOUT', 600, 1, 3600),
    },
  };
}

/** PREFIX as the service and the extension both read it (see src/core/kinds/stowrs/objectKeys.ts). */
export function normalisePrefix(raw: string): string {
  try {
    return normaliseKeyPrefix(raw);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

export function normaliseWadoUrl(raw: string): string | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`WADOURL must be an http(s) URL such as https://pacs.example/dicom-web; got '${text}'`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) {
    throw new ConfigError(`WADOURL must be an http(s) URL without credentials, query or fragment; got '${text}'`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function number(env: Env, name: string, fallback: number, min: number, max: number, integer = false): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    throw new ConfigError(`${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}; got '${raw}'`);
  }
  return value;
}
