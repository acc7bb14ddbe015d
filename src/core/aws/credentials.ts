import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * The SDK's default Node chain for a profile: shared config/credentials files, SSO, credential_process,
 * web identity, and the environment (used when no profile is named). The provider package is loaded
 * on first use so that activation does not pay for it.
 */
export function credentialsForProfile(profile: string | undefined): AwsCredentialIdentityProvider {
  let inner: AwsCredentialIdentityProvider | undefined;
  return async (props) => {
    if (!inner) {
      const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
      inner = fromNodeProviderChain(profile ? { profile } : {});
    }
    return inner(props) as Promise<AwsCredentialIdentity>;
  };
}
