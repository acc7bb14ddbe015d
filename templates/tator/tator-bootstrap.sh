#!/bin/bash
# User data of the Tator installer instance (templates/tator.template.json). CloudFormation prepends
# exports of the installer's inputs. The installer itself (tator-install.sh) and the manifests are too
# large for user data (16 KB), so they travel in the instance's CloudFormation metadata: read them
# with the instance role (cloudformation:DescribeStackResource on this stack only), then run the
# installer, which reports to the wait condition. If even that read fails, report it here.
set -uo pipefail

: "${TATOR_STACK_NAME:?}" "${TATOR_REGION:?}" "${TATOR_MANIFEST_RESOURCE:?}" "${TATOR_SIGNAL_URL:?}"
readonly DIR=${TATOR_WORK_DIR:-/root/imaging-lab-tator}

mkdir -p "$DIR"
for attempt in 1 2 3 4 5 6; do
  if aws cloudformation describe-stack-resource --region "$TATOR_REGION" --stack-name "$TATOR_STACK_NAME" \
    --logical-resource-id "$TATOR_MANIFEST_RESOURCE" --query StackResourceDetail.Metadata --output text >"$DIR/metadata.json" &&
    python3 -c 'import json, sys; sys.stdout.write(json.load(sys.stdin)[sys.argv[1]])' ImagingLab::TatorInstaller \
      <"$DIR/metadata.json" >"$DIR/tator-install.sh"; then
    exec bash "$DIR/tator-install.sh"
  fi
  echo "installer not readable yet (attempt ${attempt})"
  sleep "${TATOR_POLL_SECONDS:-10}"
done

curl -fsS --retry 5 --max-time 30 -X PUT -H 'Content-Type:' --data-binary \
  '{"Status":"FAILURE","Reason":"The Tator installer could not read its script from the stack metadata (cloudformation:DescribeStackResource failed; see /var/log/cloud-init-output.log on the installer instance).","UniqueId":"tator","Data":""}' \
  "$TATOR_SIGNAL_URL"
shutdown -h +1 "Imaging Lab: Tator installer could not start"
exit 1
