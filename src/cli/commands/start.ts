import { makePowerCommand } from '../powerCli';

/** `imaging-lab start STACK [--instance ID]`. */
export const startCommand = makePowerCommand('start');
