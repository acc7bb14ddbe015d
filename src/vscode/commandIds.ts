/**
 * Every command id the extension contributes. package.json must list exactly these
 * (test/unit/vscode/manifest.test.ts checks both directions).
 */
export const CommandIds = {
  refreshStacks: 'imagingLab.refreshStacks',
  selectProfile: 'imagingLab.selectProfile',
  selectRegions: 'imagingLab.selectRegions',
  showAwsSetup: 'imagingLab.showAwsSetup',
  copyValue: 'imagingLab.copyValue',
  openOutputUrl: 'imagingLab.openOutputUrl',
  openStackInConsole: 'imagingLab.openStackInConsole',
  openSshTerminal: 'imagingLab.openSshTerminal',
  openOpenSshTerminal: 'imagingLab.openOpenSshTerminal',
  openRemoteSsh: 'imagingLab.openRemoteSsh',
  writeSshConfig: 'imagingLab.writeSshConfig',
  allowMyIp: 'imagingLab.allowMyIp',
  revokeMyIp: 'imagingLab.revokeMyIp',
  openTunnel: 'imagingLab.openTunnel',
  closeTunnel: 'imagingLab.closeTunnel',
  registerSampleWorkflows: 'imagingLab.registerSampleWorkflows',
  sendDicom: 'imagingLab.sendDicom',
  sendSampleDicom: 'imagingLab.sendSampleDicom',
  testDicomConnection: 'imagingLab.testDicomConnection',
  addDicomEndpoint: 'imagingLab.addDicomEndpoint',
  deployStack: 'imagingLab.deployStack',
  deployTemplateFile: 'imagingLab.deployTemplateFile',
  updateStack: 'imagingLab.updateStack',
  deleteStack: 'imagingLab.deleteStack',
  showProgress: 'imagingLab.showProgress',
  cancelDeployment: 'imagingLab.cancelDeployment',
  sendDeidentified: 'imagingLab.sendDeidentified',
  openDicomPreview: 'imagingLab.openDicomPreview',
  exportDeidMap: 'imagingLab.exportDeidMap',
  // Tator (issue 15)
  writeKubeconfig: 'imagingLab.writeKubeconfig',
  openTator: 'imagingLab.openTator',
  scaleGpuWorkers: 'imagingLab.scaleGpuWorkers',
  openWalkthrough: 'imagingLab.openWalkthrough',
  stopInstance: 'imagingLab.stopInstance',
  startInstance: 'imagingLab.startInstance',
  rebootInstance: 'imagingLab.rebootInstance',
  stopAllInstances: 'imagingLab.stopAllInstances',
  startAllInstances: 'imagingLab.startAllInstances',
  refreshCosts: 'imagingLab.refreshCosts',
  // lab kind (issue 14)
  openJupyter: 'imagingLab.openJupyter',
  uploadLabImage: 'imagingLab.uploadLabImage',
  switchLabCosts: 'imagingLab.switchLabCosts',
  downloadVpnConfig: 'imagingLab.downloadVpnConfig',
  openFileGator: 'imagingLab.openFileGator',
  // orthanc kind
  openOrthanc: 'imagingLab.openOrthanc',
  showDicomTlsSettings: 'imagingLab.showDicomTlsSettings',
  // stowrs
  browseReceivedStudies: 'imagingLab.browseReceivedStudies',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];

export const VIEW_STACKS = 'imagingLab.stacks';
export const CONTAINER_ID = 'imagingLab';

/** Context keys set with `setContext`, used in `viewsWelcome` and menus. */
export const ContextKeys = {
  /** 'unknown' | 'ok' | 'missing' */
  credentials: 'imagingLab.credentials',
  /** true once a refresh found no stacks in any region */
  noStacks: 'imagingLab.noStacks',
  /** true while this window follows a running deployment */
  deploymentRunning: 'imagingLab.deploymentRunning',
  /** true when a listed stack is being created or updated (Cancel Deployment applies) */
  stackInProgress: 'imagingLab.stackInProgress',
  /** true when a listed stack offers Allow My IP (so also Revoke My IP Rules) */
  allowMyIpStack: 'imagingLab.allowMyIpStack',
  /** true while an SSH tunnel is open */
  tunnelOpen: 'imagingLab.tunnelOpen',
  /** Paths of the CloudFormation templates seen (open or in the workspace): where "Deploy with Imaging Lab" is offered. */
  templateFiles: 'imagingLab.templateFiles',
} as const;
