#!/bin/bash
# First-boot installer of MONAI Deploy Express (MDE) for templates/mde.template.json.
# CloudFormation prepends exports of the inputs below; cloud-init runs the result once, as root.
# Differences from the upstream AWS user data are explained where they matter ("upstream: ...").
set -Eeuo pipefail

: "${MDE_STACK_NAME:?}" "${MDE_REGION:?}" "${MDE_SIGNAL_RESOURCE:?}" "${MDE_VERSION:?}" "${MDE_ENABLE_ELK:?}"
: "${MDE_USER_SECRET_ARN:?}" "${MDE_MINIO_SECRET_ARN:?}" "${MDE_RABBITMQ_SECRET_ARN:?}" "${MDE_MONGO_SECRET_ARN:?}"

readonly MDE_USER=monaiuser
# MDE_DIR and UNIT_DIR are overridable only so tests can run the file-writing steps in a temporary
# directory; the CloudFormation header never sets them.
readonly MDE_DIR=${MDE_DIR:-/home/${MDE_USER}/monai-deploy-express}
readonly MIG_CLI_VERSION=0.4.1
readonly UNIT=monai-deploy-express.service
readonly UNIT_DIR=${UNIT_DIR:-/etc/systemd/system}
readonly HEALTH_DEADLINE_SECONDS=2400
readonly LOG=/var/log/imaging-lab-mde.log
export DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=a

step() { echo "[imaging-lab $(date -u +%H:%M:%S)] $*"; }

imds() {
  local token
  token=$(curl -fsS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 300')
  curl -fsS -H "X-aws-ec2-metadata-token: ${token}" "http://169.254.169.254/latest/meta-data/$1"
}

# upstream signalled as soon as user data ended; here the signal says whether the services answer.
signal() {
  aws cloudformation signal-resource --region "$MDE_REGION" --stack-name "$MDE_STACK_NAME" \
    --logical-resource-id "$MDE_SIGNAL_RESOURCE" --unique-id "$(imds instance-id)" --status "$1" ||
    step "could not send the $1 signal"
}
on_error() {
  step "FAILED at line $1; see $LOG"
  signal FAILURE
}

apt_install() {
  apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends "$@"
}

# Retried: the instance profile's permissions can take a little while to reach a new instance.
secret() {
  local attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    if aws secretsmanager get-secret-value --region "$MDE_REGION" --secret-id "$1" --query SecretString --output text; then
      return 0
    fi
    step "secret not readable yet (attempt ${attempt})" >&2
    sleep 6
  done
  return 1
}

ensure_tools() {
  step "tools"
  apt-get -o DPkg::Lock::Timeout=900 update -y
  apt_install curl unzip jq ca-certificates gnupg
  command -v aws >/dev/null || apt_install awscli
}

# The Deep Learning Base AMI ships Docker, the compose plug-in and the NVIDIA container toolkit;
# this fallback only runs on an image without them. upstream: two apt lines were glued together
# (a missing comma), so the Docker repository was never added.
ensure_docker() {
  if docker compose version >/dev/null 2>&1; then return; fi
  step "installing Docker from download.docker.com"
  install -m 0755 -d /etc/apt/keyrings
  curl -fsSL https://download.docker.com/linux/ubuntu/gpg | gpg --dearmor --yes -o /etc/apt/keyrings/docker.gpg
  local codename
  codename=$(lsb_release -cs)
  echo "deb [arch=$(dpkg --print-architecture) signed-by=/etc/apt/keyrings/docker.gpg] https://download.docker.com/linux/ubuntu ${codename} stable" \
    >/etc/apt/sources.list.d/docker.list
  apt-get -o DPkg::Lock::Timeout=900 update -y
  apt_install docker-ce docker-ce-cli containerd.io docker-compose-plugin
  systemctl enable --now docker
}

check_gpu() {
  if nvidia-smi -L; then
    if command -v nvidia-ctk >/dev/null; then
      nvidia-ctk runtime configure --runtime=docker
      systemctl restart docker
    fi
  else
    step "WARNING: no NVIDIA GPU driver answered; MAP containers that need a GPU will fail"
  fi
}

# upstream: the password was written into the user data in clear; here it comes from Secrets Manager.
create_user() {
  step "user ${MDE_USER}"
  local password
  password=$(secret "$MDE_USER_SECRET_ARN")
  [ -n "$password" ] || { step "empty monaiuser password"; return 1; }
  id "$MDE_USER" >/dev/null 2>&1 || adduser --gecos "" --disabled-password "$MDE_USER"
  printf '%s:%s\n' "$MDE_USER" "$password" | chpasswd
  usermod -aG sudo,docker "$MDE_USER"
}

install_mig_cli() {
  step "MIG CLI ${MIG_CLI_VERSION} (optional)"
  local zip=/tmp/mig-cli.zip
  if curl -fsSL --retry 5 -o "$zip" \
    "https://github.com/Project-MONAI/monai-deploy-informatics-gateway/releases/download/${MIG_CLI_VERSION}/mig-cli-${MIG_CLI_VERSION}-linux-x64.zip"; then
    if ! { unzip -o -q "$zip" -d /tmp/mig-cli && install -m 0755 /tmp/mig-cli/mig-cli /usr/local/bin/mig-cli; }; then
      step "MIG CLI not installed"
    fi
  else
    step "MIG CLI download failed; MDE itself does not need it"
  fi
}

install_bundle() {
  step "MONAI Deploy Express ${MDE_VERSION}"
  local work compose
  work=$(mktemp -d)
  curl -fsSL --retry 5 -o "$work/mde.zip" \
    "https://github.com/Project-MONAI/monai-deploy/releases/download/monai-deploy-express-v${MDE_VERSION}/monai-deploy-express-${MDE_VERSION}.zip"
  unzip -q "$work/mde.zip" -d "$work/x"
  # The release zip nests the bundle (deploy/monai-deploy-express/); take its compose file, wherever it sits.
  compose=$(find "$work/x" -path '*monai-deploy-express/docker-compose.yml' -print -quit)
  [ -n "$compose" ] || compose=$(find "$work/x" -name docker-compose.yml -print -quit)
  [ -n "$compose" ] || { step "no docker-compose.yml in the bundle"; return 1; }
  rm -rf "$MDE_DIR"
  mv "$(dirname "$compose")" "$MDE_DIR"
  rm -rf "$work"
}

# Internal services listen on the instance's loopback only; the security group admits the caller's
# CIDR on SSH, DICOM and Orthanc only, and MIG's HTTP port is reached through an SSH tunnel.
bind_internal_ports_to_loopback() {
  local key
  for key in MINIO_API_PORT MINIO_CONSOLE_PORT MONGODB_PORT RABBITMQ_PORT RABBITMQ_MGT_PORT \
    WORKFLOW_MANAGER_PORT TASK_MANAGER_PORT ELASTIC_PORT ELASTIC_PORT_COMM LOGSTASH_PORT_API; do
    sed -i -E "s/^(${key})=([0-9]+)[[:space:]]*$/\\1=127.0.0.1:\\2/" "$MDE_DIR/.env"
  done
  # upstream README: $PWD in TASK_MANAGER_DATA breaks when compose is not started from the bundle dir.
  sed -i -E "s#^TASK_MANAGER_DATA=.*#TASK_MANAGER_DATA=${MDE_DIR}/.md/mdtm/#" "$MDE_DIR/.env"
}

# The bundle ships fixed credentials (minioadmin, admin/admin, root/rootpassword); each is replaced
# by a password generated by Secrets Manager for this stack. Generated values are alphanumeric.
replace_default_credentials() {
  step "service credentials"
  local minio rabbit mongo file
  minio=$(secret "$MDE_MINIO_SECRET_ARN")
  rabbit=$(secret "$MDE_RABBITMQ_SECRET_ARN")
  mongo=$(secret "$MDE_MONGO_SECRET_ARN")
  # Generated alphanumeric, so they are safe inside sed, JSON, YAML and URLs; refuse anything else.
  if ! [[ "$minio$rabbit$mongo" =~ ^[A-Za-z0-9]+$ ]] || [ -z "$minio" ] || [ -z "$rabbit" ] || [ -z "$mongo" ]; then
    step "unexpected service secret format"
    return 1
  fi
  while IFS= read -r file; do
    sed -i -E \
      -e "s/minioadmin/${minio}/g" \
      -e "s/rootpassword/${mongo}/g" \
      -e "s/(\"password\"[[:space:]]*:[[:space:]]*)\"admin\"/\\1\"${rabbit}\"/g" \
      -e "s/(RABBITMQ_DEFAULT_PASS:[[:space:]]*)\"?admin\"?/\\1\"${rabbit}\"/g" \
      "$file"
  done < <(grep -rlE 'minioadmin|rootpassword|admin' "$MDE_DIR" --include='*.json' --include='*.yml' --include='*.yaml' --include='*.sh')
  if grep -rqE 'minioadmin|rootpassword|"password": *"admin"|RABBITMQ_DEFAULT_PASS: *"?admin"?$' "$MDE_DIR" \
    --include='*.json' --include='*.yml'; then
    step "a default credential is still present"
    return 1
  fi
}

compose_args() {
  local args="-f docker-compose.yml -f docker-compose.imaging-lab.yml"
  if [ "$MDE_ENABLE_ELK" = "true" ]; then args="$args --profile elk"; fi
  echo "$args"
}

# upstream: the compose services had no restart policy and the @reboot crontab line was broken, so
# nothing came back after a stop/start. Here long-running services restart unless stopped, and a
# systemd unit runs `docker compose up -d` (which honours depends_on) on every boot.
write_restart_policy() {
  local services service profile=()
  if [ "$MDE_ENABLE_ELK" = "true" ]; then profile=(--profile elk); fi
  services=$(cd "$MDE_DIR" && docker compose -f docker-compose.yml "${profile[@]}" config --services)
  {
    echo "services:"
    for service in $services; do
      case "$service" in configure-ig | kibana-setup) continue ;; esac
      printf '  %s:\n    restart: unless-stopped\n' "$service"
    done
  } >"$MDE_DIR/docker-compose.imaging-lab.yml"
}

write_unit() {
  local docker_bin
  docker_bin=$(type -P docker)
  [ -n "$docker_bin" ] || { step "docker not found"; return 1; }
  cat >"${UNIT_DIR}/${UNIT}" <<UNIT_EOF
[Unit]
Description=MONAI Deploy Express (docker compose, Imaging Lab)
Requires=docker.service
After=docker.service network-online.target
Wants=network-online.target

[Service]
Type=oneshot
RemainAfterExit=yes
WorkingDirectory=${MDE_DIR}
Environment=PWD=${MDE_DIR}
ExecStart=${docker_bin} compose $(compose_args) up -d
ExecStop=${docker_bin} compose $(compose_args) stop
TimeoutStartSec=1800

[Install]
WantedBy=multi-user.target
UNIT_EOF
  systemctl daemon-reload
}

# upstream ran init.sh from /tmp, so its $PWD-relative .md directories were created in the wrong place.
initialise_and_start() {
  step "init.sh and first start (pulls the images)"
  chown -R "$MDE_USER:$MDE_USER" "$MDE_DIR"
  (cd "$MDE_DIR" && bash ./init.sh)
  systemctl enable --now "$UNIT"
}

answers() {
  local code
  code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$1" || true)
  case "$code" in 200 | 401) return 0 ;; *) return 1 ;; esac
}

wait_until_healthy() {
  step "waiting for MIG, workflow manager and Orthanc"
  local deadline=$((SECONDS + HEALTH_DEADLINE_SECONDS))
  until answers http://127.0.0.1:5000/health && answers http://127.0.0.1:5001/health && answers http://127.0.0.1:8042/system; do
    if ((SECONDS > deadline)); then
      step "services did not answer within ${HEALTH_DEADLINE_SECONDS}s"
      (cd "$MDE_DIR" && docker compose ps) || true
      return 1
    fi
    sleep 10
  done
}

main() {
  exec > >(tee -a "$LOG") 2>&1
  trap 'on_error $LINENO' ERR
  ensure_tools
  ensure_docker
  check_gpu
  create_user
  install_mig_cli
  install_bundle
  bind_internal_ports_to_loopback
  replace_default_credentials
  write_restart_policy
  write_unit
  initialise_and_start
  wait_until_healthy
  printf 'MDE_DIR=%s\nMDE_VERSION=%s\n' "$MDE_DIR" "$MDE_VERSION" >/etc/imaging-lab-mde.env
  step "ready"
  signal SUCCESS
}

# Run when executed (cloud-init runs the user data as a file); sourcing only defines the steps.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then main; fi
