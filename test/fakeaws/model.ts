/** The scripted account the fake AWS endpoint answers for. Plain data so tests can build variants. */

export interface FakeOutput {
  readonly key: string;
  readonly value: string;
  readonly description?: string;
}

export interface FakeResource {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId?: string;
}

export interface FakeInstance {
  readonly instanceId: string;
  /** Logical id of the AWS::EC2::Instance resource: the instance exists once that resource is created. */
  readonly logicalId: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly instanceType?: string;
  readonly publicIp?: string;
  readonly privateIp: string;
  readonly state?: 'pending' | 'running' | 'stopping' | 'stopped' | 'shutting-down' | 'terminated';
  /** Public DNS name; absent = derived from the public IP, '' = none (a VPC without DNS hostnames). */
  readonly publicDnsName?: string;
  /** When the instance last started (ms); absent = when its stack was created. */
  readonly launchedAt?: number;
  /** Plain text GetConsoleOutput returns (base64-encoded on the wire); absent = no output yet. */
  readonly consoleOutput?: string;
}

export interface FakeStackSpec {
  readonly name: string;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly parameters?: Readonly<Record<string, string>>;
  readonly outputs?: readonly FakeOutput[];
  readonly resources?: readonly FakeResource[];
  readonly instances?: readonly FakeInstance[];
  readonly templateBody?: string;
  /** Final status the scripted history ends in (default CREATE_COMPLETE). */
  readonly finalStatus?: string;
  readonly finalReason?: string;
  /** Milliseconds the creation takes, counted from the moment the fake starts (0 = already done). */
  readonly createDurationMs?: number;
  /** How long ago (ms before the fake starts) creation began; for stacks that are already complete. */
  readonly createdAgoMs?: number;
  /** The exact events of the creation (instead of the evenly spread ones), in ms after it began. */
  readonly events?: readonly ScriptedEvent[];
}

/** One event of a scripted creation; resource events take type and physical id from `resources`. */
export interface ScriptedEvent {
  readonly afterMs: number;
  readonly logicalId: string;
  readonly status: string;
  readonly reason?: string;
  readonly detailedStatus?: string;
}

export interface FakeRegionError {
  readonly code: string;
  readonly message: string;
  readonly httpStatus: number;
}

export interface FakeParameter {
  readonly name: string;
  readonly value: string;
  readonly type?: 'String' | 'StringList' | 'SecureString';
  /** Resource tags (ListTagsForResource), e.g. aws:cloudformation:stack-id. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A Secrets Manager secret (SecretString). */
export interface FakeSecret {
  readonly name: string;
  readonly value: string;
  /** The stack (by name, same region) that created it: CloudFormation tags it with that stack's ARN. */
  readonly stack?: string;
}

export interface FakeRegion {
  readonly stacks?: readonly FakeStackSpec[];
  readonly parameters?: readonly FakeParameter[];
  readonly secrets?: readonly FakeSecret[];
  /** Every call to this region fails with this error (e.g. AccessDenied, an opt-in region). */
  readonly error?: FakeRegionError;
  /** stowrs kind: buckets made in this region when the fake starts, with their objects (key -> text). */
  readonly buckets?: readonly { readonly name: string; readonly objects: Readonly<Record<string, string>> }[];
}

/** An error the fake answers the next `times` calls of `action` with, before answering normally (throttling, a 5xx). */
export interface FakeFault {
  readonly action: string;
  readonly code: string;
  readonly httpStatus: number;
  readonly times: number;
  readonly message?: string;
}

export interface FakeAccount {
  readonly accountId: string;
  readonly userName: string;
  readonly regions: Readonly<Record<string, FakeRegion>>;
  /** Items per page for paginated list calls (small, so pagination is exercised). */
  readonly pageSize?: number;
  /** How long a stack created through CreateStack (or deleted) takes. */
  readonly operationDurationMs?: number;
  /** How long a change set takes to become CREATE_COMPLETE (default 1 s). */
  readonly changeSetDurationMs?: number;
  readonly faults?: readonly FakeFault[];
  /** When set, stacks point at these local stand-ins (the demo) instead of closed loopback ports. */
  readonly standIns?: FakeStandIns;
}

/**
 * Local stand-ins the demo (`npm start -- --fake-aws`) starts beside the fake: every stack's
 * instances are this loopback sshd, its web and DICOMweb outputs these loopback servers, so every
 * action on a demo stack completes without leaving the machine (see standIns.ts).
 */
export interface FakeStandIns {
  readonly ssh: { readonly port: number; readonly user: string; readonly privateKey: string; readonly hostKeyLine: string };
  /** STOW-RS base ending in /studies (Orthanc's DICOMweb plugin). */
  readonly dicomWebUrl: string;
  /** A page "Open in Browser" opens. */
  readonly webUrl: string;
  /**
   * The same Orthanc behind TLS (https origin, no path), with the CA that signed its certificate and
   * the certificate's SHA-256 fingerprint: what an Orthanc-kind stack publishes in SSM.
   */
  readonly orthancTls?: { readonly origin: string; readonly caPem: string; readonly fingerprint: string };
  /** A site where a Tator stack's load balancer would answer (http://127.0.0.1:PORT/): its TatorUrl and WebUrl. */
  readonly tatorUrl?: string;
}
