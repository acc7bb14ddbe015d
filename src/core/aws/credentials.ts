import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * The SDK's default Node chain for a profile: shared config/credentials files, SSO, credential_process,
 * web identity, and the environment (used when no profile is named). The provider package is loaded
 * on first use so that activation does not pay for it.
 */
export function credentialsForProfile(profile: string | undefined): AwsCredentialIdentityProvider {
  // One chain per session even when several clients ask at once (the identity check and the listing).
  let inner: Promise<AwsCredentialIdentityProvider> | undefined;
  return async (props) => {
    inner ??= import('@aws-sdk/credential-providers').then(({ fromNodeProviderChain }) => fromNodeProviderChain(profile ? { profile } : {}));
    inner.catch(() => (inner = undefined));
    return (await inner)(props) as Promise<AwsCredentialIdentity>;
  };
}
