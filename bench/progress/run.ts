import { DescribeStackEventsCommand, type StackEvent } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsClients } from '../../src/core/aws/clients';
import { StackEventPoller } from '../../src/core/deploy/eventPoller';
import { initialProgress, progressReducer } from '../../src/core/deploy/progressReducer';
import { simulatedEvents, STACK_ID, STACK_NAME } from './simulatedStack';
import { NEWEST_PAGE_POLLER, pollNewestPage, type BaselinePoll } from './newestPagePoller';
import { VirtualClock } from './virtualClock';

/**
 * bench/progress: the event poller of Imaging Lab vs a naive poller that re-reads every event
 * page every 5 s (what the AWS Toolkit does), over the same simulated 60-resource stack in virtual
 * time. Reports the delay from an event's timestamp to its appearance in the progress model, and
 * DescribeStackEvents calls per minute. Run: npx tsx bench/progress/run.ts
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const REGION = 'us-east-1';
const PAGE = 100;
const API_LATENCY_MS = 150;
const T0 = Date.parse('2026-11-23T10:00:00Z');

interface Result {
  readonly name: string;
  readonly delays: number[];
  readonly calls: number;
  readonly minutes: number;
}

/** A DescribeStackEvents endpoint over the simulated timeline: newest first, 100 per page, NextToken. */
async function fakeApi(clock: VirtualClock, timeline: readonly StackEvent[]) {
  const clients = new AwsClients(async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }), 1);
  const mock = mockClient(await clients.cloudFormation(REGION));
  mock.on(DescribeStackEventsCommand).callsFake(async (input: { NextToken?: string }) => {
    await clock.sleep(API_LATENCY_MS);
    const visible = timeline.filter((e) => (e.Timestamp?.getTime() ?? 0) <= clock.now()).reverse();
    const from = Number(input.NextToken ?? 0);
    const next = from + PAGE < visible.length ? String(from + PAGE) : undefined;
    return { StackEvents: visible.slice(from, from + PAGE), ...(next ? { NextToken: next } : {}) };
  });
  return { clients, mock, calls: () => mock.commandCalls(DescribeStackEventsCommand).length };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}
function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
}

async function runOurs(timeline: readonly StackEvent[]): Promise<Result> {
  const clock = new VirtualClock(T0);
  const api = await fakeApi(clock, timeline);
  const poller = new StackEventPoller({ clients: api.clients, region: REGION, stackId: STACK_ID, clock });
  let state = initialProgress({ region: REGION, stackName: STACK_NAME, stackId: STACK_ID, operation: 'create', startedAt: T0, expected: [] });
  const delays: number[] = [];
  poller.subscribe((u) => {
    state = progressReducer(state, { type: 'events', events: u.events });
    for (const e of u.events) delays.push(clock.now() - e.time);
  });
  const done = poller.start();
  let finished = false;
  void done.then(() => (finished = true));
  await clock.run(() => finished);
  await done;
  return { name: 'imaging-lab poller', delays, calls: api.calls(), minutes: (clock.now() - T0) / 60_000 };
}

/** Re-reads every page each 5 s and diffs against what it has seen. */
async function pollAllPages({ cfn, sleep, stackId, onNewEvent }: BaselinePoll): Promise<void> {
  const seen = new Set<string>();
  let finished = false;
  while (!finished) {
    let token: string | undefined;
    do {
      const page = await cfn.send(new DescribeStackEventsCommand({ StackName: stackId, ...(token ? { NextToken: token } : {}) }));
      for (const e of page.StackEvents ?? []) {
        if (seen.has(e.EventId ?? '')) continue;
        seen.add(e.EventId ?? '');
        finished = onNewEvent(e) || finished;
      }
      token = page.NextToken;
    } while (token);
    if (!finished) await sleep(5000);
  }
}

/** A baseline poller over the same timeline: the delay of each event it reports, and its calls. */
async function runBaseline(name: string, timeline: readonly StackEvent[], poll: (p: BaselinePoll) => Promise<void>): Promise<Result> {
  const clock = new VirtualClock(T0);
  const api = await fakeApi(clock, timeline);
  const cfn = await api.clients.cloudFormation(REGION);
  const delays: number[] = [];
  const done = poll({
    cfn,
    sleep: (ms) => clock.sleep(ms),
    stackId: STACK_ID,
    onNewEvent: (e) => {
      delays.push(clock.now() - (e.Timestamp?.getTime() ?? 0));
      return e.LogicalResourceId === STACK_NAME && e.ResourceStatus === 'CREATE_COMPLETE';
    },
  });
  let over = false;
  void done.then(() => (over = true));
  await clock.run(() => over);
  await done;
  return { name, delays, calls: api.calls(), minutes: (clock.now() - T0) / 60_000 };
}

async function main(): Promise<void> {
  const seeds = [7, 11, 23];
  const rows: string[][] = [];
  const ratios: { calls: number; delay: number; newestCalls: number; newestDelay: number }[] = [];
  for (const seed of seeds) {
    const timeline = simulatedEvents(seed, T0);
    const ours = await runOurs(timeline);
    const naive = await runBaseline('naive (all pages every 5 s)', timeline, pollAllPages);
    const newest = await runBaseline(NEWEST_PAGE_POLLER, timeline, pollNewestPage);
    for (const r of [ours, naive, newest]) {
      rows.push([
        String(seed), r.name, String(r.delays.length), (median(r.delays) / 1000).toFixed(2), (percentile(r.delays, 0.9) / 1000).toFixed(2),
        String(r.calls), (r.calls / r.minutes).toFixed(1), r.minutes.toFixed(1),
      ]);
    }
    const delayRatio = (r: Result) => median(r.delays) / Math.max(1, median(ours.delays));
    ratios.push({ calls: naive.calls / ours.calls, delay: delayRatio(naive), newestCalls: newest.calls / ours.calls, newestDelay: delayRatio(newest) });
  }
  const header = ['seed', 'poller', 'events', 'median delay s', 'p90 delay s', 'API calls', 'calls/min', 'minutes'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(`bench/progress: ${seeds.length} simulated stacks of 60 resources, ${simulatedEvents(seeds[0], T0).length} events each, ${API_LATENCY_MS} ms API latency, virtual time\n`);
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`\nAPI calls, naive / imaging-lab: ${mean(ratios.map((r) => r.calls)).toFixed(2)}x fewer calls; ${NEWEST_PAGE_POLLER} / imaging-lab: ${mean(ratios.map((r) => r.newestCalls)).toFixed(2)}x`);
  console.log(`median delay, naive / imaging-lab: ${mean(ratios.map((r) => r.delay)).toFixed(2)}x; ${NEWEST_PAGE_POLLER} / imaging-lab: ${mean(ratios.map((r) => r.newestDelay)).toFixed(2)}x (goal: imaging-lab median <= 2 s)`);
}

void main();
