/**
 * Injected into the benchmarked host bundles in place of the global timers and Date, so a
 * 20-minute deployment replays in seconds with the host's 1 s ticker firing as it would.
 */
interface Timer {
  readonly id: number;
  at: number;
  readonly every?: number;
  readonly fn: () => void;
}

class VirtualClock {
  time = 0;
  private timers: Timer[] = [];
  private serial = 0;

  add(fn: () => void, ms: number, every?: number): number {
    const id = ++this.serial;
    this.timers.push({ id, at: this.time + Math.max(1, ms), ...(every !== undefined ? { every: Math.max(1, every) } : {}), fn });
    return id;
  }

  remove(id: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== id);
  }

  /** Moves time forward, firing every timer that falls due, in time order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!next) break;
      this.time = next.at;
      if (next.every !== undefined) next.at += next.every;
      else this.remove(next.id);
      next.fn();
    }
    this.time = end;
  }
}

export const virtualClock = new VirtualClock();

function setIntervalVirtual(fn: () => void, ms?: number): number {
  return virtualClock.add(fn, ms ?? 0, ms ?? 0);
}
function setTimeoutVirtual(fn: () => void, ms?: number): number {
  return virtualClock.add(fn, ms ?? 0);
}
function clearVirtual(id: unknown): void {
  virtualClock.remove(id);
}

const RealDate = globalThis.Date;
class VirtualDate extends RealDate {
  constructor(...args: ConstructorParameters<DateConstructor> | []) {
    if (args.length === 0) super(virtualClock.time);
    else super(...(args as [number]));
  }
  static override now(): number {
    return virtualClock.time;
  }
}

export { setIntervalVirtual as setInterval, setTimeoutVirtual as setTimeout, clearVirtual as clearInterval, clearVirtual as clearTimeout, VirtualDate as Date };
