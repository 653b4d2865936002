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

# Chained with &&: inside `bash -c` (the keyring session below) `set -e` does not apply,
# and a failure must not be hidden by the steps after it.
run_tests() {
  node_modules/.bin/vitest run &&
    node_modules/.bin/playwright test &&
    electron_smoke
}

# The real-Electron smoke suite (test/electron/) runs where Electron can: CI on Linux
# (xvfb), Windows and macOS (.github/workflows/electron-smoke.yml). Here only when the
# Electron binary is installed; otherwise one line says it is skipped and why.
electron_smoke() {
  local binary
  # Read electron's path.txt directly: require('electron') would try to download the binary.
  binary=$(node -e "
    const fs = require('fs'), path = require('path');
    try {
      const dir = path.dirname(require.resolve('electron/package.json'));
      const bin = path.join(dir, 'dist', fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim());
      if (fs.existsSync(bin)) process.stdout.write(bin);
    } catch {}" 2>/dev/null || true)
  if [ -z "$binary" ]; then
    echo "Electron smoke suite (test/electron): skipped - no Electron binary here (its download is not reachable); CI runs it (.github/workflows/electron-smoke.yml)."
    return 0
  fi
  if [ -z "${DISPLAY:-}" ] && [ "$(uname)" = Linux ] && command -v xvfb-run >/dev/null; then
    xvfb-run -a node_modules/.bin/playwright test --config test/electron/playwright.config.ts
  else
    node_modules/.bin/playwright test --config test/electron/playwright.config.ts
  fi
}

if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || [ "${DESK_NO_KEYRING_SESSION:-}" = 1 ]; then
  run_tests
elif command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  keyring_home=$(mktemp -d)
  trap 'rm -rf "$keyring_home"' EXIT
  export -f run_tests electron_smoke
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
