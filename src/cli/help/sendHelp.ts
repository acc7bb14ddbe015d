import type { CliCommandHelp } from '../cliCommand';
import { DEIDENTIFY_USAGE } from './deidentifyHelp';

export const sendHelp: CliCommandHelp = {
  name: 'send',
  summary: 'validate DICOM files and store them with STOW-RS',
  usage: `Usage: imaging-lab send PATH... --url URL [options]
       imaging-lab send PATH... --stack NAME [--region R] [--profile P] [options]

Validates DICOM files and folders locally (their structure, not their pixels), then stores them with
STOW-RS, streaming from disk. Files that are not valid DICOM are skipped with a reason.
By default the check is tolerant: a missing or inconsistent file meta header (which servers
tolerate) is a warning, and the file is sent with a meta header written from its data set.

  --url URL            DICOMweb base URL (a trailing /studies is fine)
  --stack NAME         send to a deployed stack instead, reached as the extension reaches it:
                       its DicomWebUrl, the certificate fingerprint it published (pinned), and
                       for STOW-RS with client certificates the certificate 'deploy' made here
                       (under $XDG_DATA_HOME/imaging-lab); a STOW-RS send then checks that every
                       instance is in the bucket. Leave out --url and the TLS/auth options.
  --region R           the stack's region (default: the profile's region); with --stack
  --profile P          AWS profile (default: AWS_PROFILE, then the default chain); with --stack
  --user U             basic auth user; the password is read from the variable named by --password-env
  --password-env VAR   environment variable holding the basic auth password
  --token-env VAR      environment variable holding a bearer token
  --ca FILE            extra trusted CA certificate (PEM) for the server
  --cert FILE --key FILE   client certificate and key (PEM) for mutual TLS
  --insecure           do NOT verify the server's TLS certificate (reported as a warning)
  --pin-sha256 HEX     trust exactly the server certificate with this SHA-256 fingerprint
                       (self-signed is fine; no CA needed; colons optional)
  --study UID          post to /studies/UID; files of other studies are skipped
  --strict             skip files whose file meta header is missing or inconsistent
  --batch-bytes N      max DICOM bytes per request (default 32 MiB)
  --batch-count N      max instances per request (default 32)
  --concurrency N      parallel requests (default 4)
  --chunked            send with chunked transfer encoding instead of Content-Length
  --verbose            log each request to stderr (never credentials)
  --json               print {files, sent, stored, warnings, failed, skipped, scanWarnings,
                       metaHeaderWritten, bytes, seconds, phases}: seconds is the whole run from
                       the process start, phases its parts {start, scan, send} in seconds
                       (sending starts during the scan: send is the time after it ended)

Exit codes: 0 every valid file stored, 1 something failed or nothing to send, 2 usage error.
${DEIDENTIFY_USAGE}`,
};
