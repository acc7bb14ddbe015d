/** What the power commands do to a stack's EC2 instances. */
export type PowerAction = 'stop' | 'start' | 'reboot';

/** EC2 instance states (DescribeInstances `State.Name`). */
export type InstanceStateName = 'pending' | 'running' | 'stopping' | 'stopped' | 'shutting-down' | 'terminated';

/** What stopping or starting one instance involves, read from EC2 before acting. */
export interface PowerInstance {
  readonly instanceId: string;
  /** Role, Name or logical id: how people recognise it. */
  readonly label: string;
  readonly state: string;
  readonly instanceType?: string;
  readonly availabilityZone?: string;
  readonly publicIp?: string;
  readonly publicDns?: string;
  /** The public address is an Elastic IP (it stays through stop and start). */
  readonly elasticIp: boolean;
  /** Root device type: an `instance-store` root cannot be stopped at all. */
  readonly rootDeviceType?: string;
  readonly ebsVolumeIds: readonly string[];
  /** Size of the instance-store volumes the type comes with (their data is lost on stop). */
  readonly instanceStoreGb?: number;
  /** When the instance last started (LaunchTime). */
  readonly launchedAt?: string;
  /** EC2's reason for the last state change, e.g. `Server.InsufficientInstanceCapacity`. */
  readonly stateReasonCode?: string;
  readonly stateReasonMessage?: string;
  readonly sshPort?: number;
  /** The managed SSH host alias this instance gets (sshPlan's hostAlias), for following a new address. */
  readonly sshAlias?: string;
}

/** One line of progress: an instance reached a state, or a step began. */
export interface PowerProgress {
  readonly message: string;
  /** States seen in the last poll, by instance id (the tree redraws from these). */
  readonly states?: Readonly<Record<string, string>>;
}

/** How one instance ended. */
export interface PowerResult {
  readonly instanceId: string;
  readonly label: string;
  readonly outcome: 'done' | 'unchanged' | 'refused' | 'failed';
  /** What happened, in words a person reads. */
  readonly message: string;
  readonly stateBefore: string;
  readonly stateAfter?: string;
  readonly before?: InstanceAddress;
  readonly after?: InstanceAddress;
}

export interface InstanceAddress {
  readonly publicIp?: string;
  readonly publicDns?: string;
}
