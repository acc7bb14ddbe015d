import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireTool } from '../../support/requireTool';

/**
 * A held set of instances made by dcmtk (dump2dcm, dcmcrle, dcmcjpeg, dcmcjpls), full of fictional
 * identifying attributes of every kind the profile names: names, IDs, dates, addresses, institution,
 * operators, free text, other patient IDs, sequences with UIDs, private attributes with their creator.
 */
const DUMP = (n: number) => `(0008,0005) CS [ISO_IR 100]
(0008,0008) CS [ORIGINAL\\PRIMARY\\AXIAL]
(0008,0012) DA [20230405]
(0008,0013) TM [101500]
(0008,0014) UI [1.2.826.0.1.3680043.9.9999.900]
(0008,0016) UI [1.2.840.10008.5.1.4.1.1.2]
(0008,0018) UI [1.2.826.0.1.3680043.9.9999.1.${n}]
(0008,0020) DA [20230405]
(0008,0021) DA [20230406]
(0008,0022) DA [20230407]
(0008,0023) DA [20230408]
(0008,0030) TM [101112]
(0008,0031) TM [101213]
(0008,0032) TM [101314]
(0008,0033) TM [101415]
(0008,0050) SH [ACC123456]
(0008,0060) CS [CT]
(0008,0070) LO [Synthetic Scanner Co]
(0008,0080) LO [Fictional General Hospital]
(0008,0081) ST [1 Imaginary Road, Nowhere]
(0008,0090) PN [Referring^Roberta]
(0008,1010) SH [STATION-7]
(0008,1030) LO [CT chest of Fictional]
(0008,103e) LO [Axial 5mm of Fictional]
(0008,1040) LO [Radiology Dept]
(0008,1048) PN [Record^Rachel]
(0008,1050) PN [Performer^Pat]
(0008,1060) PN [Reader^Rita]
(0008,1070) PN [Operator^Otto]
(0008,1090) LO [Model X]
(0008,1110) SQ (Sequence with explicit length #=1)
  (fffe,e000) na (Item with explicit length #=2)
    (0008,1150) UI [1.2.840.10008.3.1.2.3.1]
    (0008,1155) UI [1.2.826.0.1.3680043.9.9999.77]
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
(fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
(0008,1140) SQ (Sequence with explicit length #=1)
  (fffe,e000) na (Item with explicit length #=2)
    (0008,1150) UI [1.2.840.10008.5.1.4.1.1.2]
    (0008,1155) UI [1.2.826.0.1.3680043.9.9999.78]
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
(fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
(0009,0010) LO [FICTIONAL PRIVATE]
(0009,1001) LO [private secret value]
(0010,0010) PN [Fictional^Fred]
(0010,0020) LO [FAKE-MRN-778899]
(0010,0021) LO [FAKE ISSUER]
(0010,0030) DA [19700101]
(0010,0040) CS [M]
(0010,1000) LO [OTHER-ID-1]
(0010,1001) PN [Alias^Freddie]
(0010,1002) SQ (Sequence with explicit length #=1)
  (fffe,e000) na (Item with explicit length #=2)
    (0010,0020) LO [OTHER-ID-2]
    (0010,0022) CS [TEXT]
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
(fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
(0010,1010) AS [053Y]
(0010,1020) DS [1.80]
(0010,1030) DS [80]
(0010,1040) LO [2 Imaginary Street]
(0010,2154) SH [555-0100]
(0010,21b0) LT [History mentions Fictional]
(0010,4000) LT [Patient comment about Fred]
(0018,0015) CS [CHEST]
(0018,0050) DS [5]
(0018,1000) LO [SN-12345]
(0018,1030) LO [Chest protocol Fictional]
(0020,000d) UI [1.2.826.0.1.3680043.9.9999.2]
(0020,000e) UI [1.2.826.0.1.3680043.9.9999.3]
(0020,0010) SH [STUDY-42]
(0020,0011) IS [1]
(0020,0013) IS [${n}]
(0020,0052) UI [1.2.826.0.1.3680043.9.9999.4]
(0020,4000) LT [Image comment naming Fictional Fred]
(0028,0002) US 1
(0028,0004) CS [MONOCHROME2]
(0028,0010) US 64
(0028,0011) US 64
(0028,0100) US 16
(0028,0101) US 12
(0028,0102) US 11
(0028,0103) US 0
(0028,1050) DS [600]
(0028,1051) DS [1200]
(0032,1032) PN [Requesting^Ron]
(0040,0244) DA [20230405]
(0040,0245) TM [101000]
(0040,0253) SH [PPS-1]
(0040,0254) LO [PPS of Fictional]
(0040,0275) SQ (Sequence with explicit length #=1)
  (fffe,e000) na (Item with explicit length #=2)
    (0040,0009) SH [SPS-1]
    (0040,1001) SH [RP-1]
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
(fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
(7fe0,0010) OW =pixels.raw
`;

export interface MadeInstance {
  readonly path: string;
  readonly label: string;
}

/** Writes the held set into `dir`: one instance per transfer syntax dcmtk can write here. */
export function makeDcmtkInstances(dir: string): MadeInstance[] {
  const dump2dcm = requireTool('dump2dcm', 'dcmtk');
  const dcmcrle = requireTool('dcmcrle', 'dcmtk');
  const dcmcjpeg = requireTool('dcmcjpeg', 'dcmtk');
  const dcmcjpls = requireTool('dcmcjpls', 'dcmtk');
  const pixels = Buffer.alloc(64 * 64 * 2);
  for (let i = 0; i < 64 * 64; i++) pixels.writeUInt16LE(((i % 64) * Math.floor(i / 64)) % 4096, i * 2);
  writeFileSync(join(dir, 'pixels.raw'), pixels);
  const made: MadeInstance[] = [];
  const variants: [string, string][] = [
    ['explicit little', '+te'],
    ['implicit little', '+ti'],
    ['explicit big', '+tb'],
    ['deflated', '+td'],
  ];
  variants.forEach(([label, flag], i) => {
    const dumpPath = join(dir, `v${i}.dump`);
    writeFileSync(dumpPath, DUMP(i + 1));
    const path = join(dir, `dcmtk-${i + 1}.dcm`);
    execFileSync(dump2dcm, ['-q', flag, dumpPath, path], { cwd: dir });
    made.push({ path, label: `dcmtk ${label}` });
  });
  const encoded: [string, string, string[]][] = [
    ['RLE lossless', dcmcrle, []],
    ['JPEG lossless', dcmcjpeg, ['--encode-lossless-sv1']],
    ['JPEG-LS lossless', dcmcjpls, []],
  ];
  for (const [label, tool, args] of encoded) {
    // Each gets its own SOP Instance UID so Orthanc and the map see distinct instances.
    const n = made.length + 1;
    const dumpPath = join(dir, `v${n}.dump`);
    writeFileSync(dumpPath, DUMP(n));
    const plain = join(dir, `plain-${n}.dcm`);
    execFileSync(dump2dcm, ['-q', '+te', dumpPath, plain], { cwd: dir });
    const path = join(dir, `dcmtk-${n}.dcm`);
    execFileSync(tool, ['-q', ...args, plain, path]);
    made.push({ path, label: `dcmtk ${label}` });
  }
  return made;
}
