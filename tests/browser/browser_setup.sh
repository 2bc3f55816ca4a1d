# browser_setup.sh — what the browser tests share (sourced by
# tests/cli/test_serve_browser*.sh): browser_ready BUILD WORK makes Debian's
# Chromium and playwright-core (pinned in tests/browser/package.json,
# installed by npm into BUILD/browser-node, never committed) ready, and sets
# NODE_DIR. Installs Chromium with apt-get when missing (as root); when it
# cannot be installed, or node, npm or the network (npm install) are
# missing, prints a SKIP line and exits 77 (CTest shows the test as skipped).
browser_ready() {
  local build=$1 work=$2
  if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" -eq 0 ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=120 chromium \
        >"$work/apt.log" 2>&1
    fi
    if [ ! -x /usr/bin/chromium ]; then
      echo "SKIP: Chromium cannot be installed here (apt-get install chromium failed or not root)"
      exit 77
    fi
  fi
  command -v node >/dev/null && command -v npm >/dev/null || {
    echo "SKIP: node and npm are needed (apt-get install nodejs npm)"
    exit 77
  }
  # playwright-core into BUILD/browser-node, again only when package.json changed
  NODE_DIR=$build/browser-node
  if ! cmp -s "$EML_SOURCE_DIR/tests/browser/package.json" "$NODE_DIR/package.json" ||
    [ ! -d "$NODE_DIR/node_modules/playwright-core" ]; then
    mkdir -p "$NODE_DIR"
    cp "$EML_SOURCE_DIR/tests/browser/package.json" "$NODE_DIR/package.json.new"
    (cd "$NODE_DIR" && mv package.json.new package.json &&
      timeout 300 npm install --no-audit --no-fund --loglevel=error >"$work/npm.log" 2>&1) || {
      cat "$work/npm.log"
      rm -f "$NODE_DIR/package.json"
      echo "SKIP: npm install of playwright-core failed (no network?)"
      exit 77
    }
  fi
}
