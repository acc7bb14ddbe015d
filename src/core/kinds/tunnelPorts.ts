import { KINDS, recordOf } from './kinds';
import type { KindPort } from './kindTypes';

/**
 * Ports to offer first when opening an SSH tunnel to a stack's instance: its kind's (record
 * `ports` marked `tunnel`), or every kind's for a stack of no kind.
 */
export function tunnelPorts(kind: string | undefined): KindPort[] {
  const ports = (recordOf(kind) ? [recordOf(kind)!] : KINDS).flatMap((k) => k.ports.filter((p) => p.tunnel));
  return ports.filter((p, i) => ports.findIndex((q) => q.port === p.port) === i);
}

/** What answers on a port, with the AE title of a DICOM listener. */
export function portDescription(port: KindPort): string {
  return port.dimseAeTitle ? `${port.label} · called AE title ${port.dimseAeTitle}` : port.label;
}
