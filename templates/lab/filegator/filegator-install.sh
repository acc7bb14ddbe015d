#!/bin/bash
# First-boot installer of the research lab's FileGator server (lab-private-ec2, Amazon Linux 2023,
# private subnet). Replaces the handout's step 10: Docker and the pinned FileGator image installed
# through the temporary NAT gateway, the admin password generated (never FileGator's admin123).
# After the SUCCESS signal nothing here needs the internet: the NAT gateway can be removed.
set -Eeuo pipefail

: "${LAB_STACK_NAME:?}" "${LAB_REGION:?}" "${LAB_SIGNAL_RESOURCE:?}" "${LAB_ADMIN_SECRET_ARN:?}" "${FILEGATOR_IMAGE:?}"

readonly SHARE=/usr/local/share/imaging-lab
readonly USERS_FILE=/etc/filegator/users.json
readonly DATA_DIR=/srv/filegator/repository
readonly APP=/var/www/filegator
readonly LOG=/var/log/imaging-lab-filegator.log

exec > >(tee -a "$LOG") 2>&1
trap 'on_error $LINENO' ERR

install_docker() {
  step "docker"
  retry dnf install -y -q docker
  systemctl enable --now docker
  retry docker pull -q "$FILEGATOR_IMAGE"
}

write_users() {
  step "admin password"
  local password hash uid
  password=$(secret "$LAB_ADMIN_SECRET_ARN")
  # Hashed by the image's own PHP, the same password_hash FileGator verifies with.
  # shellcheck disable=SC2016 # $ is PHP, not shell
  hash=$(FG_PASSWORD="$password" docker run --rm -e FG_PASSWORD --entrypoint php "$FILEGATOR_IMAGE" \
    -r 'echo password_hash(getenv("FG_PASSWORD"), PASSWORD_BCRYPT);')
  uid=$(docker run --rm --entrypoint id "$FILEGATOR_IMAGE" -u)
  [[ $uid =~ ^[0-9]+$ ]] || { step "cannot tell the image's user id"; return 1; }
  install -d -m 0700 "$(dirname "$USERS_FILE")"
  (umask 077 && printf '%s' "$hash" | python3 "$SHARE/filegator_users.py" >"$USERS_FILE")
  chown "$uid:$uid" "$USERS_FILE"
  install -d -m 0750 -o "$uid" -g "$uid" "$DATA_DIR"
}

start_filegator() {
  step "filegator"
  docker rm -f filegator >/dev/null 2>&1 || true
  # Restarted by Docker after a reboot from the local image: no internet needed once installed.
  docker run -d --name filegator --restart unless-stopped -p 8080:8080 \
    -v "$DATA_DIR:$APP/repository" -v "$USERS_FILE:$APP/private/users.json" "$FILEGATOR_IMAGE" >/dev/null
  wait_http http://127.0.0.1:8080/ 180
}

# The running server must accept the generated password and refuse the image's default.
check_password() {
  step "password check"
  local password
  password=$(secret "$LAB_ADMIN_SECRET_ARN")
  # shellcheck disable=SC2016 # $ is PHP, not shell
  local php='$u = json_decode(file_get_contents(getenv("USERS")), true)["1"]; exit(password_verify(getenv("FG_PASSWORD"), $u["password"]) ? 0 : 1);'
  FG_PASSWORD="$password" docker exec -e FG_PASSWORD -e USERS="$APP/private/users.json" filegator php -r "$php"
  if FG_PASSWORD=admin123 docker exec -e FG_PASSWORD -e USERS="$APP/private/users.json" filegator php -r "$php"; then
    step "FileGator still accepts its default password"
    return 1
  fi
}

install_docker
write_users
start_filegator
check_password
signal SUCCESS
step "done"
