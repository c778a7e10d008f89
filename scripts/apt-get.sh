#!/usr/bin/env bash
# apt-get that waits for another apt or dpkg process instead of failing at once.
#
#   scripts/apt-get.sh update -qq
#   scripts/apt-get.sh install -y --no-install-recommends chromium
#
# Every call gets `-o DPkg::Lock::Timeout=600` (dpkg's locks: install waits up to 10 minutes). apt 2.6's
# `update` does not apply that timeout to the package lists' lock (/var/lib/apt/lists/lock), so a call
# refused with "Could not get lock" is retried every 5 s for up to APT_LOCK_WAIT seconds (600).
set -uo pipefail
wait_s="${APT_LOCK_WAIT:-600}"
waited=0
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
while :; do
    apt-get -o DPkg::Lock::Timeout="$wait_s" "$@" 2> >(tee "$log" >&2)
    rc=$?
    wait  # for tee
    if [ $rc -eq 0 ] || ! grep -q "Could not get lock\|Unable to lock" "$log"; then
        exit $rc
    fi
    if [ $waited -ge "$wait_s" ]; then
        echo "apt-get: another apt process held the lock for ${waited} s; giving up" >&2
        exit $rc
    fi
    echo "apt-get: another apt process holds the lock; waiting (${waited} s so far)" >&2
    sleep 5
    waited=$((waited + 5))
done
