import type { KindId, StackKind } from './kindIds';

/** What the UI needs to name and draw a kind before any template is loaded. */
export interface KindDisplay {
  readonly id: StackKind;
  readonly label: string;
  /** Codicon id used for the kind's group node. */
  readonly icon: string;
  readonly summary: string;
}

export const KIND_DISPLAY: Readonly<Record<StackKind, KindDisplay>> = {
  mde: {
    id: 'mde',
    label: 'MONAI Deploy Express',
    icon: 'server-process',
    summary: 'MONAI Informatics Gateway, workflow and task managers, Orthanc on one GPU instance',
  },
  orthanc: { id: 'orthanc', label: 'Orthanc', icon: 'database', summary: 'Orthanc DICOM server with DICOMweb' },
  stowrs: { id: 'stowrs', label: 'STOW-RS to S3', icon: 'cloud-upload', summary: 'STOW-RS endpoint that stores instances in S3' },
  lab: {
    id: 'lab',
    label: 'Research lab',
    icon: 'beaker',
    summary: 'Jupyter, S3 + Lambda pipeline, FileGator behind a Client VPN',
  },
  tator: { id: 'tator', label: 'Tator', icon: 'symbol-event', summary: 'Tator video and image annotation on EKS' },
  other: { id: 'other', label: 'Other', icon: 'layers', summary: 'Stacks not made from an Imaging Lab template' },
};

export function kindLabel(kind: StackKind | KindId): string {
  return KIND_DISPLAY[kind].label;
}
