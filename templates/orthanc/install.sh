#!/bin/bash
# First-boot installer of the Orthanc instance (templates/orthanc.template.json), Amazon Linux 2023.
# CloudFormation prepends exports of the inputs checked in require_inputs and writes the files of
# templates/orthanc/ into ORTHANC_BUNDLE; cloud-init runs the result once, as root. The functions
# that write configuration, check health and speak DICOM are also run by test/peers/orthanc/
# against Debian's nginx and Orthanc (sourcing this file only defines them).
set -Eeuo pipefail

# APP_DIR and LOG are overridable only so tests can run the installer in a temporary directory;
# the CloudFormation header never sets them.
readonly APP_DIR=${ORTHANC_APP_DIR:-/opt/imaging-lab/orthanc}
readonly ORTHANC_BUNDLE=${ORTHANC_BUNDLE:-$APP_DIR/bundle}
readonly LOG=${ORTHANC_LOG:-/var/log/imaging-lab-orthanc.log}
readonly UNIT=imaging-lab-orthanc.service
readonly COMPOSE_VERSION=v2.31.0
readonly COMPOSE_SHA256=8b5d2cb358427e654ada217cfdfedc00c4273f7a8ee07f27003a18d15461b6cd
readonly DB_NAME=orthanc
readonly DB_PORT=5432
readonly AE_TITLE=ORTHANC
readonly HEALTH_DEADLINE_SECONDS=1200

step() { echo "[imaging-lab $(date -u +%H:%M:%S)] $*"; }

# --- configuration files (shared with the tests) ------------------------------------------------

# Fills {{KEY}} in src from KEY=VALUE lines of a settings file; refuses unsafe values and leftovers.
render_file() {
  local settings=$1 src=$2 dest=$3 content line key value
  content=$(<"$src")
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in '' | '#'*) continue ;; esac
    key=${line%%=*}
    value=${line#*=}
    [[ "$key" =~ ^[A-Z][A-Z0-9_]*$ ]] || { echo "bad settings key: $key" >&2; return 1; }
    [[ "$value" =~ ^[A-Za-z0-9._:/@-]*$ ]] || { echo "unsafe settings value for $key" >&2; return 1; }
    content=${content//"{{$key}}"/"$value"}
  done <"$settings"
  if [[ "$content" =~ \{\{[A-Z0-9_]*\}\} ]]; then
    echo "$src: no value for ${BASH_REMATCH[0]}" >&2
    return 1
  fi
  printf '%s\n' "$content" >"$dest"
}

# Renders orthanc.json, nginx.conf and docker-compose.yml of the bundle into out_dir.
render_bundle() {
  local settings=$1 bundle=$2 out=$3 name
  mkdir -p "$out"
  for name in orthanc.json nginx.conf docker-compose.yml; do
    render_file "$settings" "$bundle/$name" "$out/$name"
  done
}

# Generated credentials are alphanumeric; anything else is refused rather than escaped.
safe_token() { [[ "$1" =~ ^[A-Za-z0-9._-]{1,128}$ ]]; }

# Orthanc reads every JSON file it is given; the admin account goes in its own 0600 file.
write_credentials_file() {
  local user=$1 password=$2 dest=$3
  if ! safe_token "$user" || ! safe_token "$password"; then
    echo "unexpected Orthanc credential format" >&2
    return 1
  fi
  (umask 077 && printf '{ "RegisteredUsers": { "%s": "%s" } }\n' "$user" "$password" >"$dest")
}

# PostgreSQL index over TLS (RDS), or "{}" for the SQLite index of the evaluation profile.
write_database_file() {
  local dest=$1 host=${2:-} port=${3:-} name=${4:-} user=${5:-} password=${6:-}
  if [ -z "$host" ]; then
    (umask 077 && echo '{}' >"$dest")
    return 0
  fi
  if ! [[ "$host" =~ ^[A-Za-z0-9.-]+$ && "$port" =~ ^[0-9]{1,5}$ ]] || ! safe_token "$name" || ! safe_token "$user" ||
    ! safe_token "$password"; then
    echo "unexpected database connection format" >&2
    return 1
  fi
  (umask 077 && printf '{"PostgreSQL": {"EnableIndex": true, "EnableSsl": true, "Host": "%s", "Port": %s, "Database": "%s", "Username": "%s", "Password": "%s"}}\n' \
    "$host" "$port" "$name" "$user" "$password" >"$dest")
}

# --- health checks through nginx (shared with the tests) ----------------------------------------

# HTTP status of a GET over TLS verified against ca, with basic auth passed on stdin (not argv).
https_status() {
  local url=$1 ca=$2 user=$3 password=$4 resolve=${5:-}
  local args=(-sS -o /dev/null -w '%{http_code}' --max-time 10 --cacert "$ca" -K -)
  if [ -n "$resolve" ]; then args+=(--resolve "$resolve"); fi
  printf 'user = "%s:%s"\n' "$user" "$password" | curl "${args[@]}" "$url" || true
}

# A-ASSOCIATE-RQ (PS3.8 9.3.2) proposing the Verification SOP class in Implicit VR Little Endian.
associate_rq() {
  local called calling
  called=$(printf '%-16.16s' "$1")
  calling=$(printf '%-16.16s' "$2")
  printf '\x01\x00\x00\x00\x00\x9b\x00\x01\x00\x00%s%s' "$called" "$calling"
  printf '\x00%.0s' {1..32}
  printf '\x10\x00\x00\x15%s' 1.2.840.10008.3.1.1.1
  printf '\x20\x00\x00\x2e\x01\x00\x00\x00'
  printf '\x30\x00\x00\x11%s' 1.2.840.10008.1.1
  printf '\x40\x00\x00\x11%s' 1.2.840.10008.1.2
  printf '\x50\x00\x00\x08\x51\x00\x00\x04\x00\x00\x40\x00'
}

# First byte of the reply to an association request over DICOM-TLS: 02 accepted, 03 rejected,
# empty when TLS (verified against ca for expected_name) or the association failed.
dicom_tls_reply() {
  local host=$1 port=$2 ca=$3 expected_name=$4 called=$5 verify=(-verify_hostname "$4")
  if [[ "$expected_name" =~ ^[0-9.]+$ ]]; then verify=(-verify_ip "$expected_name"); fi
  # -no_ign_eof: s_client ends when the request's stdin closes, 2 s after sending it.
  { associate_rq "$called" IMAGINGLAB-CHECK; sleep 2; } |
    timeout 15 openssl s_client -quiet -no_ign_eof -connect "$host:$port" -CAfile "$ca" -verify_return_error "${verify[@]}" 2>/dev/null |
    head -c 1 | od -An -tx1 | tr -d ' \n' || true
}

# Orthanc's index answers (/changes reads it), DICOMweb answers, and DICOM-TLS accepts an association.
stack_is_healthy() {
  local host=$1 https_port=$2 dicom_port=$3 ca=$4 user=$5 password=$6 connect=${7:-127.0.0.1}
  local base="https://$host:$https_port" resolve="$host:$https_port:$connect"
  [ "$(https_status "$base/changes?last" "$ca" "$user" "$password" "$resolve")" = 200 ] &&
    [ "$(https_status "$base/dicom-web/studies?limit=1" "$ca" "$user" "$password" "$resolve")" = 200 ] &&
    [ "$(dicom_tls_reply "$connect" "$dicom_port" "$ca" "$host" "$AE_TITLE")" = 02 ]
}

# --- instance-only steps ------------------------------------------------------------------------

require_inputs() {
  : "${ORTHANC_STACK_NAME:?}" "${ORTHANC_REGION:?}" "${ORTHANC_SIGNAL_RESOURCE:?}" "${ORTHANC_BUCKET:?}" "${ORTHANC_PUBLIC_IP:?}"
  : "${ORTHANC_ADMIN_SECRET_ARN:?}" "${ORTHANC_FINGERPRINT_PARAMETER:?}" "${ORTHANC_CA_PARAMETER:?}"
  [ "$ORTHANC_PROFILE" = evaluation ] || : "${ORTHANC_DB_HOST:?}" "${ORTHANC_DB_SECRET_ARN:?}"
}

imds() {
  local token
  token=$(curl -fsS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 300')
  curl -fsS -H "X-aws-ec2-metadata-token: ${token}" "http://169.254.169.254/latest/meta-data/$1"
}

signal() {
  aws cloudformation signal-resource --region "$ORTHANC_REGION" --stack-name "$ORTHANC_STACK_NAME" \
    --logical-resource-id "$ORTHANC_SIGNAL_RESOURCE" --unique-id "$(imds instance-id)" --status "$1" ||
    step "could not send the $1 signal"
}

on_error() {
  step "FAILED at line $1; see $LOG"
  signal FAILURE
}

# One field of a JSON secret; retried while the new instance profile propagates. Never logged.
secret_field() {
  local attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    if aws secretsmanager get-secret-value --region "$ORTHANC_REGION" --secret-id "$1" --query SecretString --output text |
      python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$2"; then
      return 0
    fi
    step "secret not readable yet (attempt ${attempt})" >&2
    sleep 6
  done
  return 1
}

install_docker() {
  step "Docker and Compose ${COMPOSE_VERSION}"
  dnf install -y docker openssl
  systemctl enable --now docker
  local plugin=/usr/local/lib/docker/cli-plugins/docker-compose
  mkdir -p "$(dirname "$plugin")"
  curl -fsSL --retry 5 -o "$plugin.download" \
    "https://github.com/docker/compose/releases/download/${COMPOSE_VERSION}/docker-compose-linux-x86_64"
  echo "${COMPOSE_SHA256}  $plugin.download" | sha256sum -c -
  install -m 0755 "$plugin.download" "$plugin"
  rm -f "$plugin.download"
  docker compose version
}

# Evaluation profile: Orthanc's SQLite index lives on the encrypted data volume (/dev/sdf).
prepare_index_volume() {
  local dir=$1 device=/dev/sdf
  mkdir -p "$dir"
  [ "$ORTHANC_PROFILE" = evaluation ] || return 0
  # Nitro instances show EBS as NVMe; Amazon Linux's udev rules add the /dev/sdf link.
  timeout 120 bash -c "until [ -b $device ]; do sleep 2; done"
  blkid "$device" >/dev/null || mkfs.xfs -q -L orthanc-index "$device"
  grep -q orthanc-index /etc/fstab || echo "LABEL=orthanc-index $dir xfs defaults,nofail 0 2" >>/etc/fstab
  mountpoint -q "$dir" || mount "$dir"
}

# render_file refuses unsafe values, so the bucket and region need no check here.
write_settings() {
  local dest=$1
  { grep -v '^#' "$ORTHANC_BUNDLE/settings.env"; echo "S3_BUCKET=$ORTHANC_BUCKET"; echo "AWS_REGION=$ORTHANC_REGION"; } >"$dest"
}

write_secret_files() {
  step "secrets (files read by Orthanc, never environment variables)"
  local dir=$APP_DIR/secrets user password db_user db_password
  install -d -m 0700 "$dir"
  user=$(secret_field "$ORTHANC_ADMIN_SECRET_ARN" username)
  password=$(secret_field "$ORTHANC_ADMIN_SECRET_ARN" password)
  write_credentials_file "$user" "$password" "$dir/orthanc-credentials.json"
  if [ "$ORTHANC_PROFILE" = production ]; then
    db_user=$(secret_field "$ORTHANC_DB_SECRET_ARN" username)
    db_password=$(secret_field "$ORTHANC_DB_SECRET_ARN" password)
    write_database_file "$dir/orthanc-database.json" "$ORTHANC_DB_HOST" "$DB_PORT" "$DB_NAME" "$db_user" "$db_password"
  else
    write_database_file "$dir/orthanc-database.json"
  fi
}

# The certificate is made here; its fingerprint and CA go to SSM, where only this stack's role
# can write them and the extension reads them with the user's own credentials.
certificate_and_publish() {
  step "TLS certificate"
  local sans=("IP:$ORTHANC_PUBLIC_IP") public_dns fingerprint
  public_dns=$(imds public-hostname || true)
  if [[ "$public_dns" =~ ^[A-Za-z0-9.-]+$ ]]; then sans+=("DNS:$public_dns"); fi
  fingerprint=$(bash "$ORTHANC_BUNDLE/make-certificate.sh" "$APP_DIR/tls" "$ORTHANC_PUBLIC_IP" "${sans[@]}")
  aws ssm put-parameter --region "$ORTHANC_REGION" --name "$ORTHANC_FINGERPRINT_PARAMETER" --type String \
    --overwrite --value "$fingerprint" >/dev/null
  aws ssm put-parameter --region "$ORTHANC_REGION" --name "$ORTHANC_CA_PARAMETER" --type String \
    --overwrite --value "file://$APP_DIR/tls/ca.crt" >/dev/null
  step "certificate SHA-256 $fingerprint"
}

# Started by systemd on every boot; `up --wait` returns once Orthanc is healthy and nginx runs.
write_unit_and_start() {
  step "starting Orthanc and nginx (pulls the pinned images)"
  cat >"/etc/systemd/system/$UNIT" <<UNIT_EOF
[Unit]
Description=Orthanc behind nginx (Imaging Lab)
Requires=docker.service
After=docker.service

[Service]
Type=oneshot
RemainAfterExit=yes
WorkingDirectory=$APP_DIR/config
ExecStart=/usr/bin/docker compose up -d --wait --wait-timeout 900
ExecStop=/usr/bin/docker compose stop
TimeoutStartSec=1200

[Install]
WantedBy=multi-user.target
UNIT_EOF
  systemctl daemon-reload
  systemctl enable --now "$UNIT"
}

wait_until_healthy() {
  step "waiting for Orthanc through nginx (HTTPS 443, DICOM-TLS 11112)"
  local deadline=$((SECONDS + HEALTH_DEADLINE_SECONDS)) user password
  user=$(secret_field "$ORTHANC_ADMIN_SECRET_ARN" username)
  password=$(secret_field "$ORTHANC_ADMIN_SECRET_ARN" password)
  until stack_is_healthy "$ORTHANC_PUBLIC_IP" 443 11112 "$APP_DIR/tls/ca.crt" "$user" "$password"; do
    if ((SECONDS > deadline)); then
      step "Orthanc did not answer through nginx within ${HEALTH_DEADLINE_SECONDS}s"
      (cd "$APP_DIR/config" && docker compose ps) || true
      return 1
    fi
    sleep 10
  done
}

main() {
  exec > >(tee -a "$LOG") 2>&1
  trap 'on_error $LINENO' ERR
  require_inputs
  install_docker
  local settings=$APP_DIR/settings.env index_dir
  mkdir -p "$APP_DIR"
  write_settings "$settings"
  index_dir=$(sed -n 's/^INDEX_HOST_DIR=//p' "$settings")
  prepare_index_volume "$index_dir"
  render_bundle "$settings" "$ORTHANC_BUNDLE" "$APP_DIR/config"
  write_secret_files
  certificate_and_publish
  write_unit_and_start
  wait_until_healthy
  step "ready"
  signal SUCCESS
}

# Run when executed (cloud-init runs the user data as a file); sourcing only defines the steps.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then main; fi
