import type { DeployEvent } from './deployEvent';
import { outcome } from './progressSelectors';
import type { ProgressState } from './progressTypes';
import { leftBehind, rootCause } from './rootCause';

function clockTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** One terminal line per resource status change: "10:02:13  Server  AWS::EC2::Instance  CREATE_COMPLETE  reason". */
export function eventLine(e: DeployEvent): string {
  const reason = e.reason ? `  ${e.reason.replace(/\s+/g, ' ')}` : '';
  return `${clockTime(e.time)}  ${e.logicalId.padEnd(28)}  ${e.resourceType.padEnd(36)}  ${e.status}${reason}`;
}

/** What a terminal user needs when an operation ends: outputs, or the root cause, or what was left behind. */
export function summaryLines(state: ProgressState): string[] {
  const result = outcome(state);
  const lines: string[] = [];
  const took = state.finishedAt ? ` in ${Math.max(1, Math.round((state.finishedAt - state.startedAt) / 60_000))} min` : '';
  if (result === 'succeeded') {
    lines.push(`${state.stackName}: ${state.stackStatus}${took}.`);
    if (state.outputs.length > 0) lines.push('Outputs:', ...state.outputs.map((o) => `  ${o.key} = ${o.value}`));
  } else if (result === 'deleted') {
    lines.push(`${state.stackName}: deleted${took}.`);
  } else if (result === 'running') {
    lines.push(`${state.stackName}: ${state.stackStatus || 'starting'}. Stopped following it; the operation continues in AWS (check it with: imaging-lab stacks).`);
  } else {
    lines.push(`${state.stackName}: ${state.stackStatus}${state.stackReason ? ` (${state.stackReason})` : ''}.`);
    const cause = rootCause(state);
    if (cause) {
      lines.push(`Root cause: ${cause.logicalId} (${cause.resourceType}): ${cause.reason}`);
      if (cause.advice) lines.push(`What to do: ${cause.advice}`);
      lines.push(`Console: ${cause.consoleUrl}`);
    }
  }
  for (const l of leftBehind(state)) lines.push(`Left behind: ${l.logicalId} (${l.resourceType}${l.physicalId ? ` ${l.physicalId}` : ''}): ${l.explanation}`);
  if (state.pollerMessage) lines.push(state.pollerMessage);
  return lines;
}

/** For terminals: each resource change once, boot-log lines as they grow, pauses on stderr. */
export function terminalPrinter(out: (text: string) => void, err: (text: string) => void): (s: ProgressState) => void {
  let printed = 0;
  let bootLines: readonly string[] = [];
  let pollerMessage: string | undefined;
  return (s) => {
    for (const e of s.log.slice(printed)) out(`${eventLine(e)}\n`);
    printed = s.log.length;
    if (s.bootLog && s.bootLog.lines !== bootLines) {
      const fresh = s.bootLog.lines.filter((l) => !bootLines.includes(l));
      for (const l of fresh.slice(-5)) out(`  [${s.bootLog.logicalId} boot] ${l}\n`);
      bootLines = s.bootLog.lines;
    }
    if (s.pollerMessage && s.pollerMessage !== pollerMessage) err(`${s.pollerMessage}\n`);
    pollerMessage = s.pollerMessage;
  };
}
