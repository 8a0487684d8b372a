#!/bin/sh
# Runs the namespace tests inside a fresh, isolated network namespace (a
# user namespace too, so it also works without root where the kernel allows
# it). Inside, the tests build their own hosts and links; nothing can reach
# the machine's real interfaces.
#   sh tests/netns/run.sh            # Node protocol tests
#   sh tests/netns/run.sh --browser  # plus the Chromium fault specs
set -e
cd "$(dirname "$0")/../.."
if [ "$1" = "--browser" ]; then
  exec unshare -rn sh -c 'ip link set lo up &&
    node --test tests/netns/ &&
    SESSIONCORE_LOOPBACK_ONLY=1 npx playwright test tests/e2e/faults'
fi
exec unshare -rn sh -c 'ip link set lo up && exec node --test tests/netns/'
