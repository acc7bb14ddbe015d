/** The lab template's parameters the product sets (templates/cdk/lab/labParameters.ts). */
export const LAB_PARAMETER = {
  enableFileGator: 'EnableFileGator',
  enableNatGateway: 'EnableNatGateway',
  enableClientVpn: 'EnableClientVpn',
  serverCertificateArn: 'ClientVpnServerCertificateArn',
  clientCaArn: 'ClientVpnClientCaArn',
  processedSuffix: 'ProcessedSuffix',
} as const;

/** The lab template's own outputs beyond the stack contract's. */
export const LAB_OUTPUT = {
  inputBucket: 'InputBucket',
  outputBucket: 'OutputBucket',
  jupyterPort: 'JupyterPort',
  jupyterTokenSecret: 'JupyterTokenSecret',
  clientVpnEndpointId: 'ClientVpnEndpointId',
  natGatewayId: 'NatGatewayId',
  fileGatorPrivateIp: 'FileGatorPrivateIp',
  fileGatorPort: 'FileGatorPort',
  fileGatorAdminSecret: 'FileGatorAdminSecret',
} as const;

/** Where prepare keeps the Client VPN material in the stack's private storage directory. */
export const VPN_MATERIAL = { ca: 'vpn-ca', server: 'vpn-server', client: 'vpn-client' } as const;
