import * as vscode from 'vscode';
import { isRegionName, KNOWN_REGIONS } from '../../core/aws/regions';
import { Settings, updateSetting } from '../configuration';
import type { Services } from '../services';
import { required } from '../userCancelled';

/** Multi-select of the regions the explorer queries (stored in imagingLab.aws.regions). */
export async function selectRegions(services: Services): Promise<void> {
  const current = new Set(services.session.session.regions);
  const all = [...new Set([...current, ...KNOWN_REGIONS])];
  const picked = required(
    await vscode.window.showQuickPick(
      all.map((region) => ({ label: region, picked: current.has(region) })),
      { canPickMany: true, placeHolder: 'Regions to list stacks in (each is queried concurrently)' },
    ),
  );
  const regions = picked.map((p) => p.label).filter(isRegionName);
  await updateSetting(Settings.regions, regions);
}
