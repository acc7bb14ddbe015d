import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { ensureConnectionTested } from '../../../src/vscode/dicom/connectionCheck';
import type { DicomTarget } from '../../../src/vscode/dicom/dicomTargets';
import type { Services } from '../../../src/vscode/services';

const win = vscode.window as unknown as Record<string, unknown>;

describe('connection test before a send', () => {
  const servers: Server[] = [];
  const requests: string[] = [];
  const saved = { withProgress: win.withProgress };
  const services = { output: { info: () => undefined }, testedConnections: new Set<string>() } as unknown as Services;
  const target: DicomTarget = { id: 'stack:arn:mde-1', label: 'mde-1', description: 'MONAI Informatics Gateway', resolve: async () => ({ url: '' }) };

  async function qidoServer(name: string): Promise<string> {
    const server = createServer((req, res) => {
      requests.push(`${name} ${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/dicom+json' }).end('[]');
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/dicomweb`;
  }

  before(() => {
    win.withProgress = async (_o: unknown, task: (p: unknown, t: unknown) => Promise<unknown>) =>
      task({ report: () => undefined }, { onCancellationRequested: () => ({ dispose: () => undefined }) });
  });
  after(() => {
    win.withProgress = saved.withProgress;
    servers.forEach((s) => s.close());
  });

  it('tests a target once per URL: a second route to the same stack is tested again', async () => {
    const tunnel = await qidoServer('tunnel');
    const openPort = await qidoServer('open-port');
    await ensureConnectionTested(services, target, { url: tunnel });
    await ensureConnectionTested(services, target, { url: tunnel });
    await ensureConnectionTested(services, target, { url: openPort });
    assert.deepEqual(requests, ['tunnel GET /dicomweb/studies?limit=1', 'open-port GET /dicomweb/studies?limit=1']);
  });
});
