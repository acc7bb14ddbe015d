import type { Client, MetadataBearer } from '@smithy/types';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { AwsClients } from '../../../src/core/aws/clients';

const staticCredentials = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });

/** Real SDK clients (one attempt, no retries) whose `send` aws-sdk-client-mock intercepts. */
export function testClients(): AwsClients {
  return new AwsClients(staticCredentials, 1);
}

/** An SDK-shaped service error, as the clients throw them. */
export function awsError(name: string, message = name, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

/**
 * aws-sdk-client-mock stubs the client class for everyone, so the stub lives only while this
 * suite runs (created in `before`, reset before each test, restored in `after`), never from
 * file load time, when it would leak into other suites.
 */
export function mockDuringSuite<TInput extends object, TOutput extends MetadataBearer, TConfig>(
  client: { prototype: Client<TInput, TOutput, TConfig> },
): AwsStub<TInput, TOutput, TConfig> {
  let stub: AwsStub<TInput, TOutput, TConfig> | undefined;
  before(() => (stub = mockClient(client)));
  beforeEach(() => stub?.reset());
  after(() => stub?.restore());
  return new Proxy({} as AwsStub<TInput, TOutput, TConfig>, {
    get: (_target, key) => {
      if (!stub) throw new Error('AWS client mock used outside its suite');
      const value = (stub as unknown as Record<string | symbol, unknown>)[key];
      return typeof value === 'function' ? value.bind(stub) : value;
    },
  });
}
