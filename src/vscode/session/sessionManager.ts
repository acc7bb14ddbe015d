import * as vscode from 'vscode';
import type { CallerIdentity } from '../../core/aws/callerIdentity';
import { friendlyAwsError, type FriendlyAwsError } from '../../core/aws/errors';
import { formatConfigProblem, listProfiles, type ProfileList } from '../../core/aws/profiles';
import { resolveRegions } from '../../core/aws/regions';
import { createAwsSession, type AwsSession } from '../../core/aws/session';
import { redactingLog } from '../log/redactingLog';
import { readAwsSettings } from '../configuration';

export type IdentityState =
  | { readonly state: 'checking' }
  | { readonly state: 'ok'; readonly identity: CallerIdentity }
  | { readonly state: 'error'; readonly error: FriendlyAwsError };

/**
 * Owns the current AWS session (profile + regions + lazily created clients). Rebuilt when settings
 * or the shared AWS files change, so cached credentials never outlive the configuration they came from.
 */
export class SessionManager implements vscode.Disposable {
  private current: AwsSession;
  private identityState: IdentityState = { state: 'checking' };
  private lastProblems = '';
  private readonly changed = new vscode.EventEmitter<AwsSession>();
  private readonly identityChanged = new vscode.EventEmitter<IdentityState>();
  readonly onDidChangeSession = this.changed.event;
  readonly onDidChangeIdentity = this.identityChanged.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    const settings = readAwsSettings();
    this.current = createAwsSession(settings.profile, resolveRegions(settings.regions, undefined), redactingLog(log));
  }

  get session(): AwsSession {
    return this.current;
  }

  get identity(): IdentityState {
    return this.identityState;
  }

  /** Re-reads settings and the AWS files, replaces the session and re-checks the identity. */
  async reload(): Promise<void> {
    const settings = readAwsSettings();
    const profiles = await this.profiles();
    const profileRegion = profiles.profiles.find((p) => p.name === (settings.profile ?? 'default'))?.region;
    const previous = this.current;
    this.current = createAwsSession(settings.profile, resolveRegions(settings.regions, profileRegion), redactingLog(this.log));
    void previous.clients.dispose();
    this.log.info(`AWS session: profile ${settings.profile ?? '(default chain)'}, regions ${this.current.regions.join(', ')}`);
    this.changed.fire(this.current);
    await this.checkIdentity();
  }

  /** Profiles from the shared files; problems are reported once per distinct content. */
  async profiles(): Promise<ProfileList> {
    const list = await listProfiles();
    const text = list.problems.map(formatConfigProblem).join('\n');
    if (text && text !== this.lastProblems) {
      this.log.warn(`AWS configuration problems (other profiles keep working):\n${text}`);
      const first = list.problems[0];
      void vscode.window
        .showWarningMessage(`AWS configuration: ${first ? formatConfigProblem(first) : text}. Other profiles keep working.`, 'Open File')
        .then((choice) => {
          if (choice && first) void vscode.window.showTextDocument(vscode.Uri.file(first.file), { selection: new vscode.Range(Math.max(0, first.line - 1), 0, Math.max(0, first.line - 1), 0) });
        });
    }
    this.lastProblems = text;
    return list;
  }

  async checkIdentity(): Promise<IdentityState> {
    const session = this.current;
    this.setIdentity({ state: 'checking' });
    try {
      const { getCallerIdentity } = await import('../../core/aws/callerIdentity');
      const identity = await getCallerIdentity(session);
      if (session === this.current) this.setIdentity({ state: 'ok', identity });
    } catch (error) {
      const friendly = friendlyAwsError(error, { profile: session.profile, region: session.regions[0], action: 'sts:GetCallerIdentity' });
      this.log.warn(`Identity check failed: ${friendly.code}: ${friendly.message}`);
      if (session === this.current) this.setIdentity({ state: 'error', error: friendly });
    }
    return this.identityState;
  }

  private setIdentity(state: IdentityState): void {
    this.identityState = state;
    this.identityChanged.fire(state);
  }

  dispose(): void {
    void this.current.clients.dispose();
    this.changed.dispose();
    this.identityChanged.dispose();
  }
}
