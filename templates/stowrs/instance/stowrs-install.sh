#!/bin/bash
# First-boot installer of the STOW-RS-to-S3 service for templates/stowrs.template.json, on
# Amazon Linux 2023 (arm64). CloudFormation prepends exports of the inputs checked below and writes
# the unit, log-rotation and CloudWatch agent files into STOWRS_FILES; cloud-init runs it as root.
# upstream (aws-samples/stowrs-to-s3) built two Docker images on the user's machine; here the
# service is one JavaScript file the deploy staged to S3, run by Amazon Linux's own Node.
set -Eeuo pipefail

# Overridable only so tests can run the steps in a temporary directory; the header never sets them.
readonly ETC=${STOWRS_ETC:-/etc/stowrs}
readonly OPT=${STOWRS_OPT:-/opt/stowrs}
readonly FILES=${STOWRS_FILES:-/opt/stowrs/files}
readonly OWNER=${STOWRS_OWNER:-root}
readonly GROUP=${STOWRS_GROUP:-stowrs}
readonly RETRY_PAUSE=${STOWRS_RETRY_PAUSE:-6}
readonly LOG=/var/log/imaging-lab-stowrs-install.log
readonly HEALTH_URL=http://127.0.0.1:8081/health

step() { echo "[imaging-lab $(date -u +%H:%M:%S)] $*"; }

imds() {
  local token
  token=$(curl -fsS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 300')
  curl -fsS -H "X-aws-ec2-metadata-token: ${token}" "http://169.254.169.254/latest/meta-data/$1"
}

signal() {
  aws cloudformation signal-resource --region "$STOWRS_REGION" --stack-name "$STOWRS_STACK_NAME" \
    --logical-resource-id "$STOWRS_SIGNAL_RESOURCE" --unique-id "$(imds instance-id)" --status "$1" ||
    step "could not send the $1 signal"
}

on_error() {
  step "FAILED at line $1; see $LOG"
  signal FAILURE
}

# Retried: a new instance profile can take a moment to reach the instance.
retry() {
  local attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    if "$@"; then return 0; fi
    step "retrying ($attempt): $1 $2" >&2
    sleep "$RETRY_PAUSE"
  done
  return 1
}

install_packages() {
  step "packages: nodejs${STOWRS_NODE_MAJOR}, CloudWatch agent"
  dnf install -y "nodejs${STOWRS_NODE_MAJOR}" amazon-cloudwatch-agent jq logrotate
  id stowrs >/dev/null 2>&1 || useradd --system --no-create-home --shell /sbin/nologin stowrs
  install -d -m 0755 "$OPT"
  ln -sfn "/usr/bin/node-${STOWRS_NODE_MAJOR}" "$OPT/node"
}

# The bundle the deploy staged, accepted only with the SHA-256 the deploy computed.
fetch_bundle() {
  step "service bundle s3://${STOWRS_BUNDLE_BUCKET}/${STOWRS_BUNDLE_KEY}"
  local tmp="$OPT/stowrs-service.js.download"
  install -d -m 0755 "$OPT"
  retry aws s3 cp --region "$STOWRS_REGION" --only-show-errors "s3://${STOWRS_BUNDLE_BUCKET}/${STOWRS_BUNDLE_KEY}" "$tmp"
  verify_bundle "$tmp"
  install -m 0644 "$tmp" "$OPT/stowrs-service.js"
  rm -f "$tmp"
}

verify_bundle() {
  local actual
  actual=$(sha256sum "$1" | cut -d' ' -f1)
  if [[ "$actual" != "$STOWRS_BUNDLE_SHA256" ]]; then
    step "the service bundle's SHA-256 is ${actual}, not ${STOWRS_BUNDLE_SHA256}: refusing to run it"
    rm -f "$1"
    return 1
  fi
}

# The endpoint certificate outlives instances: its key and certificate are kept in the stack's
# secret, made on the first boot and reused after (a replaced instance keeps the pinned fingerprint).
server_certificate() (
  # A subshell with a private umask: key files never exist world-readable, not even briefly.
  umask 077
  local tls="$ETC/tls" stored
  install -d -m 0750 -g "$GROUP" "$tls"
  stored=$(retry aws secretsmanager get-secret-value --region "$STOWRS_REGION" --secret-id "$STOWRS_SERVER_SECRET_ARN" --query SecretString --output text)
  if jq -e '.key and .certificate' >/dev/null 2>&1 <<<"$stored"; then
    step "endpoint certificate: reusing the one kept in the stack secret"
    jq -j .key <<<"$stored" >"$tls/server.key"
    jq -j .certificate <<<"$stored" >"$tls/server.crt"
  else
    step "endpoint certificate: generating one for ${STOWRS_ENDPOINT_NAME}"
    local names="DNS:${STOWRS_ENDPOINT_NAME}"
    if [[ -n "$STOWRS_DOMAIN_NAME" ]]; then names="${names},DNS:${STOWRS_DOMAIN_NAME}"; fi
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 -days 825 \
      -keyout "$tls/server.key" -out "$tls/server.crt" -subj "/CN=${STOWRS_ENDPOINT_NAME:0:64}" \
      -addext "subjectAltName=${names}" -addext "extendedKeyUsage=serverAuth" -addext "basicConstraints=critical,CA:FALSE" 2>/dev/null
    jq -n --rawfile key "$tls/server.key" --rawfile certificate "$tls/server.crt" '{key: $key, certificate: $certificate}' >"$tls/secret.json"
    retry aws secretsmanager put-secret-value --region "$STOWRS_REGION" --secret-id "$STOWRS_SERVER_SECRET_ARN" \
      --secret-string "file://$tls/secret.json" >/dev/null
    rm -f "$tls/secret.json"
  fi
  chown "$OWNER:$GROUP" "$tls/server.key" "$tls/server.crt"
  chmod 0640 "$tls/server.key"
  chmod 0644 "$tls/server.crt"
  publish_certificate "$tls/server.crt"
)

# Clients pin the endpoint by this fingerprint (colon-separated SHA-256, as openssl prints it).
publish_certificate() {
  local fingerprint
  fingerprint=$(openssl x509 -in "$1" -noout -fingerprint -sha256 | cut -d= -f2)
  retry aws ssm put-parameter --region "$STOWRS_REGION" --name "$STOWRS_FINGERPRINT_PARAMETER" --type String \
    --overwrite --value "$fingerprint" >/dev/null
  retry aws ssm put-parameter --region "$STOWRS_REGION" --name "$STOWRS_CERTIFICATE_PARAMETER" --type String \
    --overwrite --value "file://$1" >/dev/null
  step "endpoint certificate SHA-256 ${fingerprint} published in ${STOWRS_FINGERPRINT_PARAMETER}"
}

# The CA that signs client certificates arrives as the base64 DER of the ClientCaCertificate parameter.
client_ca() {
  local pem="$ETC/tls/client-ca.pem"
  {
    echo '-----BEGIN CERTIFICATE-----'
    fold -w 64 <<<"$STOWRS_CLIENT_CA"
    echo '-----END CERTIFICATE-----'
  } >"$pem"
  if ! openssl x509 -in "$pem" -noout 2>/dev/null; then
    step "ClientCaCertificate is not a base64-encoded X.509 certificate"
    return 1
  fi
  chmod 0644 "$pem"
}

write_env() {
  step "settings in $ETC/stowrs.env"
  local client_ca_line=''
  install -d -m 0750 -g "$GROUP" "$ETC" "$ETC/tls"
  if [[ "$STOWRS_TLS_MODE" == generated-client-certificates ]]; then
    client_ca
    client_ca_line="CLIENTCA=$ETC/tls/client-ca.pem"
  fi
  # Values come from parameters whose patterns admit no quotes, spaces or newlines.
  cat >"$ETC/stowrs.env" <<ENV
BUCKETNAME=${STOWRS_BUCKET}
PREFIX=${STOWRS_PREFIX}
WADOURL=${STOWRS_WADOURL}
LOGLEVEL=${STOWRS_LOGLEVEL}
HOST=0.0.0.0
PORT=443
HEALTHPORT=8081
TLSCERT=$ETC/tls/server.crt
TLSKEY=$ETC/tls/server.key
${client_ca_line}
AWS_REGION=${STOWRS_REGION}
AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
ENV
  chown "$OWNER:$GROUP" "$ETC/stowrs.env"
  chmod 0640 "$ETC/stowrs.env"
}

start_services() {
  step "CloudWatch agent and the service"
  install -d -m 0750 -o stowrs -g stowrs /var/log/stowrs
  install -m 0644 "$FILES/stowrs.service" /etc/systemd/system/stowrs.service
  install -m 0644 "$FILES/stowrs-logrotate.conf" /etc/logrotate.d/stowrs
  sed "s|__LOG_GROUP__|${STOWRS_LOG_GROUP}|g" "$FILES/cloudwatch-agent.json" >/opt/aws/amazon-cloudwatch-agent/etc/imaging-lab-stowrs.json
  /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s \
    -c file:/opt/aws/amazon-cloudwatch-agent/etc/imaging-lab-stowrs.json
  systemctl daemon-reload
  systemctl enable --now stowrs.service
}

wait_healthy() {
  local waited=0
  until curl -fsS "$HEALTH_URL" >/dev/null 2>&1; do
    if ((waited >= 180)); then
      step "the service did not answer $HEALTH_URL within 180 s"
      journalctl -u stowrs --no-pager -n 50 || true
      return 1
    fi
    sleep 3
    waited=$((waited + 3))
  done
  step "healthy"
}

main() {
  : "${STOWRS_STACK_NAME:?}" "${STOWRS_REGION:?}" "${STOWRS_SIGNAL_RESOURCE:?}" "${STOWRS_BUCKET:?}" "${STOWRS_LOGLEVEL:?}"
  : "${STOWRS_TLS_MODE:?}" "${STOWRS_ENDPOINT_NAME:?}" "${STOWRS_NODE_MAJOR:?}" "${STOWRS_LOG_GROUP:?}"
  : "${STOWRS_BUNDLE_BUCKET:?}" "${STOWRS_BUNDLE_KEY:?}" "${STOWRS_BUNDLE_SHA256:?}"
  : "${STOWRS_SERVER_SECRET_ARN:?}" "${STOWRS_FINGERPRINT_PARAMETER:?}" "${STOWRS_CERTIFICATE_PARAMETER:?}"
  : "${STOWRS_PREFIX?}" "${STOWRS_WADOURL?}" "${STOWRS_CLIENT_CA?}" "${STOWRS_DOMAIN_NAME?}"
  exec > >(tee -a "$LOG") 2>&1
  trap 'on_error $LINENO' ERR
  install_packages
  fetch_bundle
  server_certificate
  write_env
  start_services
  wait_healthy
  signal SUCCESS
}

# Sourced by tests (to run single steps); executed by cloud-init.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then main "$@"; fi
