#!/bin/bash
# Helpers shared by the research lab's first-boot installers (templates/lab/*/…-install.sh).
# The template concatenates: exported inputs, this file, then one installer; cloud-init runs it once, as root.

step() { echo "[imaging-lab $(date -u +%H:%M:%S)] $*"; }

imds() {
  local token
  token=$(curl -fsS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 300')
  curl -fsS -H "X-aws-ec2-metadata-token: ${token}" "http://169.254.169.254/latest/meta-data/$1"
}

# The stack waits for exactly one signal from this instance: SUCCESS once its service answers,
# FAILURE on any error, so a broken install rolls back instead of reporting success.
signal() {
  aws cloudformation signal-resource --region "$LAB_REGION" --stack-name "$LAB_STACK_NAME" \
    --logical-resource-id "$LAB_SIGNAL_RESOURCE" --unique-id "$(imds instance-id)" --status "$1" ||
    step "could not send the $1 signal"
}

on_error() {
  step "FAILED at line $1"
  signal FAILURE
}

# Runs "$@" until it succeeds, at most $RETRY_ATTEMPTS times (default 10), $RETRY_DELAY seconds apart.
retry() {
  local attempt
  for ((attempt = 1; attempt <= ${RETRY_ATTEMPTS:-10}; attempt++)); do
    if "$@"; then return 0; fi
    step "attempt ${attempt} of '$1' failed; retrying" >&2
    sleep "${RETRY_DELAY:-6}"
  done
  return 1
}

# Retried: the instance profile's permissions can take a little while to reach a new instance.
secret() {
  retry aws secretsmanager get-secret-value --region "$LAB_REGION" --secret-id "$1" --query SecretString --output text
}

# Waits up to $2 seconds for an HTTP answer (any status below 500) from URL $1.
wait_http() {
  local deadline=$((SECONDS + $2)) code
  while ((SECONDS < deadline)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" || true)
    if [[ $code =~ ^[1-4][0-9][0-9]$ ]]; then return 0; fi
    sleep 3
  done
  step "no answer from $1 within $2 s"
  return 1
}
