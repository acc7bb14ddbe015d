import { createAgent, authorizationHeader, securityWarnings, studiesUrl, type DicomWebEndpoint } from './endpoint';
import { exchange } from './httpExchange';
import { describeNetworkError } from './networkErrors';

export interface ConnectionCheck {
  readonly ok: boolean;
  /** What happened and, on failure, what to do. */
  readonly message: string;
  readonly status?: number;
  readonly milliseconds: number;
  readonly securityWarnings: string[];
  /** Set when sending cannot work either: the host is unreachable, its certificate is not accepted or not the pinned one. */
  readonly blocking?: 'unreachable' | 'tls' | 'pin';
}

/** QIDO-RS `GET {base}/studies?limit=1`: proves reachability, TLS trust and credentials without sending data. */
export async function testDicomWebConnection(endpoint: DicomWebEndpoint, signal?: AbortSignal): Promise<ConnectionCheck> {
  const started = performance.now();
  const url = studiesUrl(endpoint);
  url.searchParams.set('limit', '1');
  const warnings = securityWarnings(endpoint);
  const agent = await createAgent(endpoint, 1);
  const authorization = authorizationHeader(endpoint.auth);
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await exchange({
      method: 'GET',
      url,
      agent,
      headers: { Accept: 'application/dicom+json', 'User-Agent': 'imaging-lab', ...(authorization ? { Authorization: authorization } : {}) },
      ...(signal ? { signal } : {}),
      timeoutMs: 20_000,
      deadlineMs: 30_000,
      maxResponseBytes: 1024 * 1024,
    });
    const { status } = response;
    const base = { status, milliseconds: elapsed(), securityWarnings: warnings };
    if (status === 200 || status === 204) return { ok: true, message: `${url.host} answered QIDO-RS (HTTP ${status}) in ${elapsed()} ms`, ...base };
    if (status === 401 || status === 403) {
      return { ok: false, message: `${url.host} rejected the credentials (HTTP ${status}): check the user name and password or token`, ...base };
    }
    if (status === 404) return { ok: false, message: `no DICOMweb service at ${url.origin}${url.pathname} (HTTP 404): check the base URL`, ...base };
    // Store-only services (stowrs-to-s3) do not implement QIDO: reachable, authenticated, but unverifiable.
    if (status === 405 || status === 501) {
      return { ok: true, message: `${url.host} is reachable but does not implement QIDO-RS (HTTP ${status}); sending will show whether storing works`, ...base };
    }
    return { ok: false, message: `${url.host} answered HTTP ${status} ${response.statusText} to QIDO-RS: check the URL and the server logs`, ...base };
  } catch (error) {
    if (signal?.aborted) throw error;
    const problem = describeNetworkError(error, url.host, url.protocol === 'https:' && !endpoint.certFile);
    return { ok: false, message: problem.message, milliseconds: elapsed(), securityWarnings: warnings, ...(problem.blocking ? { blocking: problem.blocking } : {}) };
  } finally {
    agent.destroy();
  }
}
