#!/bin/bash
# First-boot installer of the research lab's Jupyter server (lab-public-ec2, Amazon Linux 2023).
# Replaces the handout's steps 5 and 7: Python, boto3, Jupyter and Pillow installed; no access keys
# pasted (boto3 uses the instance role); Jupyter as a systemd service with a generated token.
set -Eeuo pipefail

: "${LAB_STACK_NAME:?}" "${LAB_REGION:?}" "${LAB_SIGNAL_RESOURCE:?}" "${LAB_TOKEN_SECRET_ARN:?}"
: "${LAB_INPUT_BUCKET:?}" "${LAB_OUTPUT_BUCKET:?}" "${LAB_PROCESSED_SUFFIX:?}"

readonly VENV=/opt/jupyter
readonly NOTEBOOKS=/home/ec2-user/notebooks
readonly ENV_FILE=/etc/imaging-lab/jupyter.env
readonly SHARE=/usr/local/share/imaging-lab
# Pinned so every student gets the same environment.
readonly PACKAGES=(jupyterlab==4.6.6 boto3==1.44.5 pillow==13.0.0)
readonly LOG=/var/log/imaging-lab-jupyter.log

exec > >(tee -a "$LOG") 2>&1
trap 'on_error $LINENO' ERR

install_python() {
  step "python"
  local version
  # Amazon Linux 2023's own python3 is 3.9, too old for current Pillow; take the newest offered.
  for version in 3.12 3.11; do
    if dnf install -y -q "python${version}" "python${version}-pip"; then
      retry "python${version}" -m venv "$VENV"
      retry "$VENV/bin/pip" install --no-cache-dir -q "${PACKAGES[@]}"
      return 0
    fi
  done
  step "no Python 3.11 or newer in this image's repositories"
  return 1
}

write_environment() {
  step "token and environment"
  local token
  token=$(secret "$LAB_TOKEN_SECRET_ARN")
  [[ $token =~ ^[A-Za-z0-9]{32,}$ ]] || { step "the token secret does not hold a generated token"; return 1; }
  install -d -m 0700 "$(dirname "$ENV_FILE")"
  (
    umask 077
    printf 'JUPYTER_TOKEN=%s\nAWS_DEFAULT_REGION=%s\nLAB_INPUT_BUCKET=%s\nLAB_OUTPUT_BUCKET=%s\nLAB_PROCESSED_SUFFIX=%s\n' \
      "$token" "$LAB_REGION" "$LAB_INPUT_BUCKET" "$LAB_OUTPUT_BUCKET" "$LAB_PROCESSED_SUFFIX" >"$ENV_FILE"
  )
}

start_jupyter() {
  step "jupyter service"
  install -d -m 0755 -o ec2-user -g ec2-user "$NOTEBOOKS"
  install -m 0644 -o ec2-user -g ec2-user "$SHARE/upload_test_image.py" "$NOTEBOOKS/upload_test_image.py"
  systemctl daemon-reload
  systemctl enable --now jupyter.service
  # /api answers without the token (it only reports the version).
  wait_http http://127.0.0.1:8888/api 300
}

# The handout's step 8, automated: the stack completes only once an uploaded image came back processed.
self_check() {
  step "pipeline self-check"
  sudo -u ec2-user env AWS_DEFAULT_REGION="$LAB_REGION" LAB_INPUT_BUCKET="$LAB_INPUT_BUCKET" \
    LAB_OUTPUT_BUCKET="$LAB_OUTPUT_BUCKET" LAB_PROCESSED_SUFFIX="$LAB_PROCESSED_SUFFIX" \
    "$VENV/bin/python" "$NOTEBOOKS/upload_test_image.py" --key imaging-lab-self-check.png --wait 180
}

install_python
write_environment
start_jupyter
self_check
signal SUCCESS
step "done"
