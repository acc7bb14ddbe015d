import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { shellQuote } from '../../core/ssh/shellQuote';
import { formatDicomTlsSettings } from '../../core/kinds/orthanc/dicomTlsSettings';
import { orthancDicomTlsSettings } from '../../core/kinds/orthanc/orthancTrustFiles';
import { outputValue } from '../../core/stacks/stackInfo';
import { terminalText } from '../../core/util/text';
import { EXIT, type CliCommand } from '../cliCommand';
import { onNamedStack } from '../namedStack';
import { cliStorageRoot } from '../deployDeps';


export const orthancSettingsCommand: CliCommand = {
  async run(args, io) {
    const { values, positionals } = parseArgs({ args: [...args], options: { region: { type: 'string' }, profile: { type: 'string' } }, allowPositionals: true, strict: true });
    return onNamedStack(positionals, values, io, async ({ session, stack }) => {
      if (stack.kind !== 'orthanc') throw new Error(`${stack.stackName} is not an Orthanc stack (kind: ${stack.kind}); these settings come from the Orthanc template's outputs.`);
      const settings = await orthancDicomTlsSettings(session.clients, stack, join(cliStorageRoot(io.env), 'orthanc'), io.signal);
      io.out(`${formatDicomTlsSettings(settings).map(terminalText).join('\n')}\n`);
      const url = outputValue(stack, 'DicomWebUrl');
      if (url) {
        const send = `imaging-lab send PATH --url ${shellQuote(url)} --pin-sha256 ${settings.fingerprint} --user USER --password-env ORTHANC_PASSWORD`;
        io.out(`Send (STOW-RS):  ${terminalText(send)}\n`);
        io.out(`                 USER and the password are in the secret ${terminalText(outputValue(stack, 'DicomWebCredentialsSecret') ?? '(see the stack outputs)')}\n`);
      }
      return EXIT.ok;
    });
  },
};
