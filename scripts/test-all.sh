#!/usr/bin/env bash
# Every check, in the order that fails fastest: types, lint, build, unit + integration
# tests, then end-to-end tests through the browser host in Chromium.
# Keychain tests and the browser host need a Secret Service: when this shell has no
# D-Bus session, the run happens inside a throwaway one with an unlocked GNOME Keyring
# whose files live in a temporary folder (never the user's real keyring).
set -euo pipefail
cd "$(dirname "$0")/.."

npm run typecheck
npm run lint
npm run build

run_tests() {
  node_modules/.bin/vitest run
  node_modules/.bin/playwright test
}

if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || [ "${DESK_NO_KEYRING_SESSION:-}" = 1 ]; then
  run_tests
elif command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  keyring_home=$(mktemp -d)
  trap 'rm -rf "$keyring_home"' EXIT
  export -f run_tests
  XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run" \
    dbus-run-session -- bash -c '
      mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
      echo -n test-only-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null
      run_tests'
else
  echo "No D-Bus/GNOME Keyring here: keychain tests will report the keychain as unavailable." >&2
  echo "Install them with: apt-get install -y dbus gnome-keyring" >&2
  run_tests
fi
