/**
 * Command ids of the deploy feature. The lead merges them into src/vscode/commandIds.ts; until then
 * they are declared here so this feature compiles on its own.
 */
export const CommandIdsDeploy = {
  deployStack: 'imagingLab.deployStack',
  updateStack: 'imagingLab.updateStack',
  deleteStack: 'imagingLab.deleteStack',
  showProgress: 'imagingLab.showProgress',
  cancelDeployment: 'imagingLab.cancelDeployment',
} as const;

/** Commands of other features the progress panel hands outputs to, when registered. */
export const OTHER_FEATURE_COMMANDS = {
  openSshTerminal: 'imagingLab.openSshTerminal',
  sendDicom: 'imagingLab.sendDicom',
} as const;
