/** A TCP port range as security-group rules express it. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** Parses an `AllowMyIpPorts` output such as `22,8042` or `22 8000-8080`. */
export function parsePortList(text: string): PortRange[] {
  const ranges: PortRange[] = [];
  for (const part of text.split(/[\s,;]+/).filter(Boolean)) {
    const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(part);
    const from = Number(match?.[1]);
    const to = Number(match?.[2] ?? match?.[1]);
    if (!match || from < 1 || to > 65535 || from > to) {
      throw new Error(`AllowMyIpPorts contains '${part}', which is not a port or port range (e.g. 22 or 8000-8080).`);
    }
    if (!ranges.some((r) => r.from === from && r.to === to)) ranges.push({ from, to });
  }
  return ranges;
}

export function formatPortRange(range: PortRange): string {
  return range.from === range.to ? String(range.from) : `${range.from}-${range.to}`;
}
