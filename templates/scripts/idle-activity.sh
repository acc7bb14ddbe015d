#!/bin/bash
# Imaging Lab idle auto-stop: publishes this instance's activity once a minute as the CloudWatch
# metric ImagingLab/IdleStop ActivityPercent (dimension InstanceId): the busier of the CPU (all
# cores, from /proc/stat) and the GPUs (nvidia-smi, the busiest GPU, sampled every few seconds).
# The stack's idle alarm stops the instance when this stays low. One alarm with an EC2 action can
# watch only one per-instance metric, so CPU and GPU are combined here, on the instance.
# Installed by the user data as a systemd service; runs as root. The IDLE_* variables exist for tests.
set -uo pipefail

readonly NAMESPACE=ImagingLab/IdleStop
readonly METRIC=ActivityPercent
readonly INTERVAL=${IDLE_INTERVAL:-60}
readonly GPU_SAMPLE=${IDLE_GPU_SAMPLE:-5}
readonly PROC_STAT=${IDLE_PROC_STAT:-/proc/stat}
readonly IMDS=${IDLE_IMDS:-http://169.254.169.254}

log() { echo "imaging-lab-idle: $*" >&2; }

imds() {
  local token
  token=$(curl -fsS -m 5 -X PUT "$IMDS/latest/api/token" -H 'X-aws-ec2-metadata-token-ttl-seconds: 300') || return 1
  curl -fsS -m 5 -H "X-aws-ec2-metadata-token: ${token}" "$IMDS/latest/meta-data/$1"
}

# "TOTAL IDLE" jiffies of all CPUs (iowait counts as idle, steal as busy).
cpu_counters() {
  local _cpu user nice system idle iowait irq softirq steal _rest
  read -r _cpu user nice system idle iowait irq softirq steal _rest <"$PROC_STAT" || return 1
  echo "$((user + nice + system + idle + iowait + irq + softirq + steal)) $((idle + iowait))"
}

# Busy percent between two "TOTAL IDLE" readings.
cpu_percent() {
  local total0 idle0 total1 idle1 dt
  read -r total0 idle0 <<<"$1"
  read -r total1 idle1 <<<"$2"
  dt=$((total1 - total0))
  if [ "$dt" -le 0 ]; then echo 0; return; fi
  echo $(((100 * (dt - (idle1 - idle0)) + dt / 2) / dt))
}

# Utilisation of the busiest GPU now, 0 without GPUs or driver.
gpu_percent() {
  command -v nvidia-smi >/dev/null 2>&1 || { echo 0; return; }
  nvidia-smi --query-gpu=utilization.gpu --format=csv,noheader,nounits 2>/dev/null |
    awk 'BEGIN { max = 0 } $1 ~ /^[0-9]+$/ && $1 + 0 > max { max = $1 + 0 } END { print max }'
}

publish() {
  aws cloudwatch put-metric-data --region "$1" --namespace "$NAMESPACE" --metric-name "$METRIC" \
    --unit Percent --value "$3" --dimensions "InstanceId=$2" || log "could not publish $METRIC=$3"
}

# One interval: GPU sampled every GPU_SAMPLE seconds (its utilisation is instantaneous), CPU averaged.
measure() {
  local before after gpu max=0 slept=0
  before=$(cpu_counters) || return 1
  while [ "$slept" -lt "$INTERVAL" ]; do
    sleep "$GPU_SAMPLE"
    slept=$((slept + GPU_SAMPLE))
    gpu=$(gpu_percent)
    if [ "$gpu" -gt "$max" ]; then max=$gpu; fi
  done
  after=$(cpu_counters) || return 1
  local cpu
  cpu=$(cpu_percent "$before" "$after")
  if [ "$cpu" -gt "$max" ]; then max=$cpu; fi
  echo "$max"
}

main() {
  local instance_id region activity
  until instance_id=$(imds instance-id) && region=$(imds placement/region); do
    log "instance metadata not available yet"
    sleep 10
  done
  while true; do
    activity=$(measure) || { log "cannot read $PROC_STAT"; sleep "$INTERVAL"; continue; }
    publish "$region" "$instance_id" "$activity"
    if [ -n "${IDLE_ONCE:-}" ]; then return 0; fi
  done
}

# Run when executed; sourcing only defines the functions (tests).
if [ "${BASH_SOURCE[0]}" = "$0" ]; then main; fi
