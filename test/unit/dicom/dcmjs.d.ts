// dcmjs ships no type declarations; tests and sample generation use only this small surface.
declare module 'dcmjs' {
  export const data: {
    DicomDict: new (meta: Record<string, unknown>) => { dict: Record<string, unknown>; write(options?: Record<string, unknown>): ArrayBuffer };
    DicomMetaDictionary: {
      denaturalizeDataset(dataset: Record<string, unknown>): Record<string, unknown>;
    };
  };
}
