import type { KindId } from './kindIds';

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

export interface DicomWebEndpointInfo {
  /** Output holding the STOW-RS base URL (ending in /studies). */
  readonly urlOutput: string;
  /** Remote port of the service, for tunnelling when the port is not open to the internet. */
  readonly remotePort: number;
  readonly tls: boolean;
}

export interface DimseEndpointInfo {
  readonly port: number;
  readonly aeTitle: string;
}

/** Actions the extension offers on a deployed stack of this kind (implemented by the VS Code layer). */
export type PostDeployActionId =
  | 'allowMyIp'
  | 'openWebUi'
  | 'openSshTerminal'
  | 'sendSampleDicom'
  | 'registerSampleWorkflows';

/** Everything the extension knows about a kind; the deploy wizard itself comes from the template. */
export interface KindCatalogEntry {
  readonly id: KindId;
  readonly displayName: string;
  /** One line for pickers. */
  readonly description: string;
  /** Path of the shipped template relative to the extension root; absent until the kind's template ships. */
  readonly templateFile?: string;
  readonly typicalDeployMinutes: number;
  readonly cost: CostEstimate;
  /** SSH login user of the main instance, when the kind has one. */
  readonly loginUser?: string;
  /** Ports "Allow my IP" opens for the caller's /32. */
  readonly allowMyIpPorts: readonly number[];
  readonly dicomWeb?: DicomWebEndpointInfo;
  readonly dimse?: DimseEndpointInfo;
  readonly postDeployActions: readonly PostDeployActionId[];
}
