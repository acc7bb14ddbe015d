import { DescribeStackEventsCommand, type CloudFormationClient, type StackEvent } from '@aws-sdk/client-cloudformation';

/** What a baseline poller needs: the client, the (virtual) clock's sleep, and where to report events. */
export interface BaselinePoll {
  readonly cfn: Pick<CloudFormationClient, 'send'>;
  readonly sleep: (ms: number) => Promise<void>;
  readonly stackId: string;
  /** Called once per event not seen before; returns true when that event ends the operation. */
  readonly onNewEvent: (event: StackEvent) => boolean;
}

export const NEWEST_PAGE_POLLER = 'newest page every 5 s';

/**
 * A fairer baseline than re-reading all history: every 5 s read only the newest page of events
 * (events come newest first) and keep the ones not seen yet. It misses events only when more than
 * a page arrives within 5 s, which this stack never does.
 */
export async function pollNewestPage({ cfn, sleep, stackId, onNewEvent }: BaselinePoll): Promise<void> {
  const seen = new Set<string>();
  for (;;) {
    const page = await cfn.send(new DescribeStackEventsCommand({ StackName: stackId }));
    let finished = false;
    for (const event of page.StackEvents ?? []) {
      if (seen.has(event.EventId ?? '')) continue;
      seen.add(event.EventId ?? '');
      finished = onNewEvent(event) || finished;
    }
    if (finished) return;
    await sleep(5000);
  }
}
