import { makePowerCommand } from '../powerCli';

/** `imaging-lab stop STACK [--instance ID]`. */
export const stopCommand = makePowerCommand('stop');
