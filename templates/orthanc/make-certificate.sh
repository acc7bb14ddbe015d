#!/bin/bash
# Makes the TLS certificate nginx serves on 443 and 11112, and prints its SHA-256 fingerprint.
#   make-certificate.sh <dir> <common-name> <subject-alt-name>...   (e.g. IP:203.0.113.7 DNS:host)
# A one-off CA signs one server certificate and its key is destroyed at once, so trusting ca.crt
# (a browser, a modality) trusts this server only. Writes <dir>/server.key (0600), server.crt and
# ca.crt; an existing pair is kept (reboots). The fingerprint is what Imaging Lab pins.
set -euo pipefail

fingerprint() {
  local line
  line=$(openssl x509 -in "$1" -noout -fingerprint -sha256)
  echo "${line#*=}"
}

make_certificate() {
  local dir=$1 cn=$2 san
  shift 2
  for san in "CN:$cn" "$@"; do
    [[ "$san" =~ ^(CN:[A-Za-z0-9.-]{1,64}|IP:[0-9.]{7,15}|DNS:[A-Za-z0-9.-]{1,253})$ ]] || { echo "invalid name: $san" >&2; return 1; }
  done
  local work sans
  if [ ! -s "$dir/server.crt" ] || [ ! -s "$dir/server.key" ] || [ ! -s "$dir/ca.crt" ]; then
    sans=$(IFS=,; echo "$*")
    mkdir -p "$dir"
    work=$(mktemp -d)
    (
      # The CA key must not outlive this subshell, whatever happens.
      trap 'rm -rf "$work"' EXIT
      cd "$work"
      umask 077
      openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 -keyout ca.key -out ca.crt \
        -subj "/CN=Imaging Lab Orthanc CA for $cn" -addext 'basicConstraints=critical,CA:TRUE,pathlen:0' \
        -addext 'keyUsage=critical,keyCertSign,cRLSign' 2>/dev/null
      openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr -subj "/CN=$cn" 2>/dev/null
      printf 'subjectAltName=%s\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' "$sans" >ext
      openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days 825 -extfile ext -out server.crt 2>/dev/null
      rm -f ca.key
      install -m 0600 server.key "$dir/server.key"
      install -m 0644 server.crt ca.crt "$dir/"
    )
  fi
  fingerprint "$dir/server.crt"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then make_certificate "$@"; fi
