/** Window/level presets (width, center) in modality units; CT ones in Hounsfield units. */
export interface Preset {
  readonly label: string;
  readonly width: number;
  readonly center: number;
}

export const CT_PRESETS: readonly Preset[] = [
  { label: 'CT: Brain', width: 80, center: 40 },
  { label: 'CT: Abdomen', width: 400, center: 50 },
  { label: 'CT: Mediastinum', width: 350, center: 50 },
  { label: 'CT: Lung', width: 1500, center: -600 },
  { label: 'CT: Bone', width: 2000, center: 500 },
];

/** Dragging right widens the window, down raises the center; the step grows with the window. */
export function dragWindowLevel(start: { width: number; center: number }, dx: number, dy: number): { width: number; center: number } {
  const step = Math.max(1, start.width / 256);
  return { width: Math.max(1, Math.round(start.width + dx * step)), center: Math.round(start.center + dy * step) };
}
