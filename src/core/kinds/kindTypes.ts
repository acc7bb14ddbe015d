import type { AwsClients } from '../aws/clients';
import type { LoadedTemplate } from '../cfn/templateTypes';

/** One priced line of a kind's running cost (us-east-1 on-demand list prices; estimates only). */
export interface CostItem {
  readonly item: string;
  readonly usdPerHour: number;
}

export interface CostEstimate {
  readonly items: readonly CostItem[];
  /** Sum of items, in USD per hour. */
  readonly usdPerHour: number;
  /** Says where prices come from and what is not included; shown next to every figure. */
  readonly note: string;
}

/** How the UI names and draws a kind (tree group, pickers, tooltips, the CLI's KIND column). */
export interface KindDisplay {
  readonly label: string;
  /** Codicon id of the kind's group node. */
  readonly icon: string;
  /** One line: the group node's tooltip. */
  readonly summary: string;
}

/** A TCP port a kind's instances serve. */
export interface KindPort {
  readonly port: number;
  /** What answers there, e.g. "Orthanc web UI and DICOMweb". */
  readonly label: string;
  /** "Allow my IP" may open it: a stack's AllowMyIpPorts output naming any other port is refused. */
  readonly allowMyIp?: boolean;
  /** Offered first when opening an SSH tunnel to the stack's instance. */
  readonly tunnel?: boolean;
  /** DICOM DIMSE listener: its called AE title. */
  readonly dimseAeTitle?: string;
}

/** The kind's DICOMweb (STOW-RS) service, published by the stack's DicomWebUrl output. */
export interface KindDicomWeb {
  /** Port of the service on the instance, when the URL names none. */
  readonly port: number;
  /** False: plain HTTP, reached through an SSH tunnel by default (never sent in clear without a warned choice). */
  readonly tls: boolean;
}

/** What DescribeStacks tells about a stack, enough to recognise the seed system it was made from. */
export interface StackFacts {
  readonly stackName: string;
  readonly description?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly parameterKeys: readonly string[];
}

/** A fingerprint of stacks made from the seed's own template (deployed before Imaging Lab existed). */
export interface SeedSignature {
  /** Why this fingerprint identifies the seed system, for maintainers. */
  readonly why: string;
  matches(facts: StackFacts): boolean;
}

/** A file CloudFormation must read from S3 (beside the template, which is staged when too large). */
export interface StagedFile {
  /** Object name, unique within this deployment (letters, digits, '.', '-', '_'). */
  readonly name: string;
  readonly body: string | Uint8Array;
  /** Parameter that receives the object's S3 URL. */
  readonly urlParameter?: string;
  /**
   * Object key for a file the stack reads for its whole life (an instance replaced a year later
   * fetches it again): kept outside the staging prefix that expires. Default: `templates/<stack>/<name>`.
   */
  readonly key?: string;
}

/** What a kind's pre-deploy hook gets: the deployment so far and the means to do its work. */
export interface KindPrepareContext {
  readonly operation: 'create' | 'update';
  readonly region: string;
  readonly stackName: string;
  readonly template: LoadedTemplate;
  /** Parameter values so far (given, filled by the parameter providers). */
  readonly values: Readonly<Record<string, string>>;
  /** SDK clients, each created on first use. */
  readonly clients: AwsClients;
  /** A private (0700) directory for what this kind generates for this stack (CA keys, VPN certificates); made on first call. */
  storageDirectory(): Promise<string>;
  /** A file that ships with the extension (e.g. dist/stowrs-service.js), by path relative to its root. */
  readShippedFile(relativePath: string): Promise<Buffer>;
  readonly signal?: AbortSignal;
  progress(message: string): void;
}

/** What a pre-deploy hook adds to the deployment. Blockers stop it before anything is created. */
export interface KindPreparation {
  readonly values?: Readonly<Record<string, string>>;
  readonly notes?: readonly string[];
  readonly blockers?: readonly string[];
  /** Uploaded to the staging bucket (with the user's consent) just before the stack is created or changed. */
  readonly stage?: readonly StagedFile[];
}

/**
 * Everything the product knows about one kind of imaging system; the deploy wizard itself comes
 * from the template. Every field is read by product code (test/unit/kinds/kindRecords.test.ts).
 * A record is declared `{ ... } satisfies KindRecord<'id'>`, keeping its id literal for KindId.
 */
export interface KindRecord<Id extends string = string> {
  /** The `imaging-lab:kind` tag value. */
  readonly id: Id;
  readonly display: KindDisplay;
  /** One line for the deploy picker. */
  readonly description: string;
  /** Path of the shipped template relative to the extension root; absent until the kind's template ships. */
  readonly templateFile?: string;
  /** Typical time to CREATE_COMPLETE; shown before deploying and used for the progress ETA. */
  readonly typicalDeployMinutes: number;
  readonly cost: CostEstimate;
  /**
   * When a stack's size is a parameter (Tator's GPU workers): its running cost from its parameter
   * values (untrusted: read from the stack), one line for its tree node's tooltip.
   */
  readonly stackCost?: (parameters: Readonly<Record<string, string>>) => string;
  /**
   * When switches choose what runs (the lab's FileGator, NAT gateway, Client VPN): the running cost
   * for chosen parameter values (template defaults filled in), one item per part that is on. The
   * deploy wizard's review and its switch items show it.
   */
  readonly costFor?: (values: Readonly<Record<string, string>>) => CostEstimate;
  /**
   * Optional parts billed by the hour that a stack runs by its parameter values (untrusted: read
   * from the stack), by name ("NAT gateway"); its tree node carries a warning badge while any run.
   */
  readonly costlyPartsOn?: (parameters: Readonly<Record<string, string>>) => readonly string[];
  /** SSH login user of the main instance, when no tag or output names one. */
  readonly loginUser?: string;
  readonly ports: readonly KindPort[];
  readonly dicomWeb?: KindDicomWeb;
  readonly recognise: SeedSignature;
  /** Pre-deploy step (generate a CA, check a quota, stage files); called by the deploy use case. */
  readonly prepare?: (context: KindPrepareContext) => Promise<KindPreparation>;
  /**
   * Commands its complete stacks offer beyond the contract's own (SSH, web UI, Allow my IP, Send
   * DICOM): each id `x` is the command `imagingLab.x`, shown on the stack's menu through the
   * context value token `action:x`.
   */
  readonly actions: readonly string[];
  /**
   * Actions that exist only while an optional part is deployed: action id -> the output the stack
   * then has (non-empty). Lab: Open FileGator only while EnableFileGator makes FileGatorPrivateIp.
   */
  readonly actionOutputs?: Readonly<Record<string, string>>;
}
