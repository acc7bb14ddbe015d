#!/bin/bash
# Installs Tator on the stack's EKS cluster, once, from a short-lived instance in the stack's VPC
# (templates/tator.template.json). CloudFormation prepends exports of the inputs checked below;
# cloud-init runs the result as root. Whatever happens, the script reports to the stack's wait
# condition (SUCCESS with Tator's URL, or FAILURE with the reason) and powers the instance off,
# which terminates it. It replaces the seed's manual steps from "Install kubectl" to "make cluster".
set -Eeuo pipefail

: "${TATOR_STACK_NAME:?}" "${TATOR_REGION:?}" "${TATOR_CLUSTER_NAME:?}" "${TATOR_MANIFEST_RESOURCE:?}" "${TATOR_SIGNAL_URL:?}"
: "${TATOR_DB_SECRET_ARN:?}" "${TATOR_DJANGO_SECRET_ARN:?}" "${TATOR_ADMIN_SECRET_ARN:?}"

# kubectl of the cluster's minor version, from the Kubernetes project's release host, checked
# against the SHA-256 published beside it.
readonly KUBECTL_VERSION=v1.36.0
readonly NAMESPACE=tator
readonly PHASE_LABEL=imaging-lab/phase
readonly MANIFESTS_KEY=ImagingLab::TatorManifests
readonly REASON_MAX=900
# Overridable only by the tests (local stand-ins, short deadlines); the CloudFormation header never sets them.
readonly WORK_DIR=${TATOR_WORK_DIR:-/root/imaging-lab-tator}
readonly BIN_DIR=${TATOR_BIN_DIR:-/usr/local/bin}
readonly KUBECTL_BASE_URL=${TATOR_KUBECTL_BASE_URL:-https://dl.k8s.io/release}
readonly DEADLINE_SECONDS=${TATOR_DEADLINE_SECONDS:-3000}
readonly PULL_PATIENCE_SECONDS=${TATOR_PULL_PATIENCE_SECONDS:-600}
readonly POLL_SECONDS=${TATOR_POLL_SECONDS:-10}
readonly LOCAL_PORT=${TATOR_LOCAL_PORT:-18080}
readonly LOG=${TATOR_LOG:-/var/log/imaging-lab-tator.log}
export KUBECONFIG=$WORK_DIR/kubeconfig

readonly MAIN_PID=$BASHPID
STEP=starting
FAIL_REASON=''
MAIN_HOST=''
DEADLINE=0
PULL_ERROR_SINCE=''
PORT_FORWARD_PID=''

step() {
  STEP=$1
  echo "[imaging-lab $(date -u +%H:%M:%S)] $1"
}

# Sets the reason the stack will show, then fails (the ERR trap reports it).
fail() {
  FAIL_REASON=$1
  return 1
}

# ---------------------------------------------------------------- reporting to CloudFormation

# A JSON string literal: backslashes and quotes escaped, control characters turned into spaces.
json_string() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=$(printf '%s' "$s" | tr '\001-\037\177' ' ')
  printf '"%s"' "$s"
}

# PUT to the wait condition handle (a presigned URL), in the format cfn-signal sends.
signal() {
  local status=$1 reason=${2:0:$REASON_MAX} data=${3:-} body
  body=$(printf '{"Status":%s,"Reason":%s,"UniqueId":%s,"Data":%s}' \
    "$(json_string "$status")" "$(json_string "$reason")" "$(json_string tator)" "$(json_string "$data")")
  if ! curl -fsS --retry 5 --retry-all-errors --max-time 30 -X PUT -H 'Content-Type:' --data-binary "$body" "$TATOR_SIGNAL_URL"; then
    echo "could not send the $status signal; CloudFormation will time out instead"
  fi
}

# The last line the failing command printed (everything is logged), for the reason.
last_output() {
  grep -v '^\[imaging-lab ' "$LOG" 2>/dev/null | grep -v '^[[:space:]]*$' | tail -n 1 || true
}

finish() {
  trap - ERR
  stop_port_forward
  rm -rf "$WORK_DIR/secrets"
  signal "$1" "$2" "${3:-}"
  echo "[imaging-lab] $1: $2"
  # InstanceInitiatedShutdownBehavior is terminate: powering off ends the instance and its cost.
  shutdown -h +1 "Imaging Lab: Tator installer finished" || true
}

on_error() {
  # A failure inside a command substitution or pipeline stage (a subshell) only ends that subshell;
  # the main shell sees the failed status and reports once.
  [ "$BASHPID" = "$MAIN_PID" ] || exit 1
  local line=$1 reason=$FAIL_REASON
  [ -n "$reason" ] || reason="a command failed: $(last_output)"
  finish FAILURE "Tator install failed while ${STEP} (installer line ${line}): ${reason} (details: ${LOG} on the installer instance)"
  exit 1
}

# ---------------------------------------------------------------- inputs

check_inputs() {
  step "checking the inputs from the stack"
  local arn='^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+$'
  [[ $TATOR_STACK_NAME =~ ^[A-Za-z][A-Za-z0-9-]{0,127}$ ]] || fail "stack name '${TATOR_STACK_NAME}' is not valid"
  [[ $TATOR_REGION =~ ^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$ ]] || fail "region '${TATOR_REGION}' is not valid"
  [[ $TATOR_CLUSTER_NAME =~ ^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$ ]] || fail "cluster name '${TATOR_CLUSTER_NAME}' is not valid"
  [[ $TATOR_MANIFEST_RESOURCE =~ ^[A-Za-z0-9]{1,255}$ ]] || fail "resource id '${TATOR_MANIFEST_RESOURCE}' is not valid"
  local id
  for id in "$TATOR_DB_SECRET_ARN" "$TATOR_DJANGO_SECRET_ARN" "$TATOR_ADMIN_SECRET_ARN"; do
    [[ $id =~ $arn ]] || fail "secret '${id}' is not a Secrets Manager ARN"
  done
}

# The signal URL is checked first and apart: without it no failure could be reported.
signal_url_ok() {
  [[ $TATOR_SIGNAL_URL =~ ^https://[A-Za-z0-9.-]+/[^[:space:]\'\"]*$ ]] || [[ $TATOR_SIGNAL_URL =~ ^http://127\.0\.0\.1:[0-9]+/[^[:space:]\'\"]*$ ]]
}

# ---------------------------------------------------------------- tools and cluster access

install_kubectl() {
  step "downloading kubectl ${KUBECTL_VERSION}"
  local arch url expected actual
  case "$(uname -m)" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; *) fail "unsupported machine $(uname -m)" ;; esac
  url="${KUBECTL_BASE_URL}/${KUBECTL_VERSION}/bin/linux/${arch}/kubectl"
  mkdir -p "$BIN_DIR"
  curl -fsSL --retry 5 --retry-all-errors --max-time 300 -o "$WORK_DIR/kubectl" "$url" ||
    fail "could not download kubectl from ${url}"
  expected=$(curl -fsSL --retry 5 --retry-all-errors --max-time 60 "${url}.sha256" | tr -d '[:space:]') ||
    fail "could not download the kubectl checksum from ${url}.sha256"
  actual=$(sha256sum "$WORK_DIR/kubectl" | cut -d' ' -f1)
  [ "$expected" = "$actual" ] || fail "kubectl from ${url} does not match its published SHA-256"
  install -m 0755 "$WORK_DIR/kubectl" "$BIN_DIR/kubectl"
}

connect_to_cluster() {
  step "connecting to cluster ${TATOR_CLUSTER_NAME}"
  aws eks update-kubeconfig --region "$TATOR_REGION" --name "$TATOR_CLUSTER_NAME" --kubeconfig "$KUBECONFIG" >/dev/null
  # The access entry that makes this instance's role cluster admin can take a moment to apply.
  wait_for "the cluster to accept this installer (EKS access entry)" cluster_answers
}

cluster_answers() {
  kubectl get namespace default -o name >/dev/null 2>&1
}

fetch_manifests() {
  step "reading the manifests rendered into the stack"
  aws cloudformation describe-stack-resource --region "$TATOR_REGION" --stack-name "$TATOR_STACK_NAME" \
    --logical-resource-id "$TATOR_MANIFEST_RESOURCE" --query StackResourceDetail.Metadata --output text >"$WORK_DIR/metadata.json"
  python3 -c 'import json, sys; sys.stdout.write(json.load(sys.stdin)[sys.argv[1]])' "$MANIFESTS_KEY" \
    <"$WORK_DIR/metadata.json" >"$WORK_DIR/manifests.yaml" || fail "the installer's metadata has no ${MANIFESTS_KEY}"
  grep -q '^kind: Namespace$' "$WORK_DIR/manifests.yaml" || fail "the rendered manifests are empty or damaged"
}

apply_phase() {
  step "applying the ${1} objects"
  kubectl apply -f "$WORK_DIR/manifests.yaml" -l "${PHASE_LABEL}=${1}"
}

# ---------------------------------------------------------------- waiting, always bounded

# Polls a check (a command and its arguments) until it succeeds; a check that calls `fail` ends the
# wait at once; the deadline ends it with what the pods are stuck on.
wait_for() {
  local what=$1
  shift
  until "$@"; do
    [ -z "$FAIL_REASON" ] || return 1
    if ((SECONDS >= DEADLINE)); then
      fail "${what} did not happen within $((DEADLINE_SECONDS / 60)) minutes. $(pod_problems)"
    fi
    check_image_pulls
    sleep "$POLL_SECONDS"
  done
}

# One line per container that waits for a reason (ImagePullBackOff, CrashLoopBackOff...).
waiting_containers() {
  kubectl -n "$NAMESPACE" get pods -o 'jsonpath={range .items[*]}{range .status.containerStatuses[*]}{.name}{" "}{.state.waiting.reason}{": "}{.state.waiting.message}{"\n"}{end}{end}' 2>/dev/null |
    grep -E '^[^ ]+ [A-Za-z]+: ' || true
}

pod_problems() {
  local lines
  lines=$(waiting_containers | head -n 3 | tr '\n' ';')
  [ -z "$lines" ] || echo "Waiting containers: ${lines}"
}

# A container that cannot pull its image for PULL_PATIENCE_SECONDS fails the install at once,
# naming the image and the registry's answer (e.g. Docker Hub's pull rate limit).
check_image_pulls() {
  local pulls
  pulls=$(waiting_containers | grep -E ' (ErrImagePull|ImagePullBackOff|InvalidImageName): ' | head -n 1 || true)
  if [ -z "$pulls" ]; then
    PULL_ERROR_SINCE=''
    return 0
  fi
  [ -n "$PULL_ERROR_SINCE" ] || PULL_ERROR_SINCE=$SECONDS
  if ((SECONDS - PULL_ERROR_SINCE >= PULL_PATIENCE_SECONDS)); then
    fail "an image could not be pulled for $((PULL_PATIENCE_SECONDS / 60)) minutes (registry unreachable, rate-limited or tag missing): ${pulls}"
  fi
}

load_balancer_ready() {
  local host
  host=$(kubectl -n "$NAMESPACE" get service nginx -o 'jsonpath={.status.loadBalancer.ingress[0].hostname}' 2>/dev/null || true)
  [ -n "$host" ] || return 1
  # A DNS name assigned by Elastic Load Balancing; anything else is refused.
  [[ $host =~ ^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$ && $host == *.* ]] || fail "the load balancer name '${host:0:80}' is not a DNS name"
  MAIN_HOST=$host
}

# Succeeds when the Job completed; fails the install (with its log) when it failed.
job_done() {
  local name=$1 state
  state=$(kubectl -n "$NAMESPACE" get job "$name" -o 'jsonpath={range .status.conditions[*]}{.type}={.status},{end}' 2>/dev/null || true)
  if [[ $state == *Failed=True* ]]; then
    fail "Job ${name} failed: $(kubectl -n "$NAMESPACE" logs "job/${name}" --tail=3 2>&1 | tr '\n' ' ')"
  fi
  [[ $state == *Complete=True* ]]
}

wait_for_jobs() {
  local name
  for name in "$@"; do
    step "waiting for Job ${name}"
    wait_for "Job ${name}" job_done "$name"
  done
}

deployments_available() {
  local lines
  lines=$(kubectl -n "$NAMESPACE" get deployments -o 'jsonpath={range .items[*]}{.metadata.name}={.status.availableReplicas}/{.spec.replicas}{"\n"}{end}' 2>/dev/null) || return 1
  [ -n "$lines" ] || return 1
  ! grep -vqE '^[a-z0-9-]+=([0-9]+)/\1$' <<<"$lines"
}

redis_available() {
  [ "$(kubectl -n "$NAMESPACE" get deployment redis -o 'jsonpath={.status.availableReplicas}' 2>/dev/null || true)" = 1 ]
}

# ---------------------------------------------------------------- values only known now

configure_host() {
  step "waiting for the load balancer's DNS name"
  wait_for "the nginx load balancer" load_balancer_ready
  kubectl -n "$NAMESPACE" create configmap tator-host --from-literal="MAIN_HOST=${MAIN_HOST}" --dry-run=client -o yaml |
    kubectl apply -f -
}

# Reads a secret's value (or one JSON key of it), retried: a new role's permissions take a moment.
secret_value() {
  local arn=$1 key=${2:-} attempt value
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    if value=$(aws secretsmanager get-secret-value --region "$TATOR_REGION" --secret-id "$arn" --query SecretString --output text); then
      if [ -n "$key" ]; then
        value=$(python3 -c 'import json, sys; print(json.loads(sys.stdin.read())[sys.argv[1]])' "$key" <<<"$value") ||
          fail "secret ${arn} has no ${key}"
      fi
      [[ -n $value && $value != *$'\n'* ]] || fail "secret ${arn} is empty or not one line"
      printf '%s' "$value"
      return 0
    fi
    echo "secret not readable yet (attempt ${attempt})" >&2
    sleep "$POLL_SECONDS"
  done
  fail "could not read secret ${arn}"
}

# Secret values go through 0600 files, never through a command line (visible in ps) or the log.
create_secrets() {
  step "copying the generated secrets into the cluster"
  local dir=$WORK_DIR/secrets
  (umask 077 && mkdir -p "$dir")
  secret_value "$TATOR_DB_SECRET_ARN" password >"$dir/POSTGRES_PASSWORD"
  secret_value "$TATOR_DJANGO_SECRET_ARN" >"$dir/DJANGO_SECRET_KEY"
  secret_value "$TATOR_ADMIN_SECRET_ARN" password >"$dir/DJANGO_SUPERUSER_PASSWORD"
  kubectl -n "$NAMESPACE" create secret generic tator-secrets \
    --from-file="DJANGO_SECRET_KEY=$dir/DJANGO_SECRET_KEY" --from-file="POSTGRES_PASSWORD=$dir/POSTGRES_PASSWORD" \
    --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  kubectl -n "$NAMESPACE" create secret generic tator-admin \
    --from-file="DJANGO_SUPERUSER_PASSWORD=$dir/DJANGO_SUPERUSER_PASSWORD" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  rm -rf "$dir"
}

# ---------------------------------------------------------------- does Tator answer?

start_port_forward() {
  kubectl -n "$NAMESPACE" port-forward service/nginx "${LOCAL_PORT}:80" >"$WORK_DIR/port-forward.log" 2>&1 &
  PORT_FORWARD_PID=$!
}

stop_port_forward() {
  if [ -n "$PORT_FORWARD_PID" ]; then
    kill "$PORT_FORWARD_PID" 2>/dev/null || true
    wait "$PORT_FORWARD_PID" 2>/dev/null || true
    PORT_FORWARD_PID=''
  fi
}

LAST_STATUS=''
# Django's sign-in page (through nginx, with the Host Django expects) and the UI's home page.
tator_answers() {
  if [ -z "$PORT_FORWARD_PID" ] || ! kill -0 "$PORT_FORWARD_PID" 2>/dev/null; then start_port_forward; fi
  local path code
  for path in /accounts/login/ /; do
    code=$(curl -s -o /dev/null -m 10 -w '%{http_code}' -H "Host: ${MAIN_HOST}" "http://127.0.0.1:${LOCAL_PORT}${path}" || true)
    LAST_STATUS="${path} answered ${code:-nothing}"
    case "$code" in 200 | 301 | 302) ;; *) return 1 ;; esac
  done
}

wait_until_tator_answers() {
  step "waiting until Tator answers"
  until tator_answers; do
    if ((SECONDS >= DEADLINE)); then
      fail "Tator did not answer within $((DEADLINE_SECONDS / 60)) minutes (last: ${LAST_STATUS}). $(pod_problems)"
    fi
    sleep "$POLL_SECONDS"
  done
  stop_port_forward
}

main() {
  mkdir -p "$WORK_DIR" "$(dirname "$LOG")"
  exec > >(tee -a "$LOG") 2>&1
  if ! signal_url_ok; then
    echo "[imaging-lab] the wait condition URL is not valid; nothing installed, CloudFormation will time out"
    exit 1
  fi
  trap 'on_error $LINENO' ERR
  DEADLINE=$((SECONDS + DEADLINE_SECONDS))
  check_inputs
  install_kubectl
  connect_to_cluster
  fetch_manifests
  apply_phase base
  configure_host
  create_secrets
  apply_phase prepare
  wait_for_jobs efs-folders db-extensions
  step "waiting for Redis"
  wait_for "Redis" redis_available
  apply_phase migrate
  wait_for_jobs migrate
  apply_phase serve
  step "waiting for every Deployment"
  wait_for "every Deployment to become available" deployments_available
  apply_phase admin
  wait_for_jobs create-admin
  wait_until_tator_answers
  finish SUCCESS "Tator answers at http://${MAIN_HOST}/" "http://${MAIN_HOST}/"
}

# Run when executed (cloud-init runs the user data as a file); sourcing only defines the steps.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then main; fi
