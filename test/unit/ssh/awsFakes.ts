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
