/** A DescribeCluster answer for the Tator stack tator-test (documentation values only). */
export const CA = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhrM3Mtc2VydmVy\n-----END CERTIFICATE-----\n').toString('base64');
export const ARN = 'arn:aws:eks:us-east-1:123456789012:cluster/tator-test';
export const CLUSTER = {
  name: 'tator-test',
  arn: ARN,
  status: 'ACTIVE' as const,
  endpoint: 'https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com',
  certificateAuthority: { data: CA },
};

/** What kubectl itself writes, plus what users add by hand: comments, odd spacing, extensions. */
export const KUBECTL_STYLE = `apiVersion: v1
# Clusters I work with.
clusters:
- cluster:
    certificate-authority-data: ${CA}
    server: https://127.0.0.1:6443     # k3s on my laptop
  name: k3s
- cluster:
    server: https://192.168.49.2:8443
    insecure-skip-tls-verify: true
  name: minikube
contexts:
- context:
    cluster: k3s
    user: k3s
  name: k3s

# the one I use most
- context:
    cluster: minikube
    namespace: "dev"
    user: minikube
  name: minikube
current-context: minikube
kind: Config
preferences: {}
users:
- name: k3s
  user:
    token: 'k3s-token'
- name: minikube
  user:
    client-certificate: /home/me/.minikube/profiles/minikube/client.crt
    client-key: /home/me/.minikube/profiles/minikube/client.key
extensions:
- name: my-extension
  extension: { note: keep me }
`;

