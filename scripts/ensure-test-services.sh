#!/usr/bin/env bash
# Start what the test suite needs when it is not running: PostgreSQL, Redis, and Debian's
# Chromium for the browser tests. Safe to run again: each step checks first.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
port_open() { timeout 2 bash -c "</dev/tcp/127.0.0.1/$1" 2>/dev/null; }
apt_install() {
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y "$@" \
    || { as_root apt-get update -q && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y "$@"; }
}
wait_for_port() {
  for _ in $(seq 1 60); do port_open "$1" && return 0; sleep 0.5; done
  echo "error: nothing listens on 127.0.0.1:$1 after 30 s" >&2; return 1
}

if ! port_open 5432; then
  echo "Starting PostgreSQL..."
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
  wait_for_port 5432
fi

if ! port_open 6379; then
  command -v redis-server >/dev/null || apt_install redis-server
  echo "Starting Redis..."
  as_root redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  wait_for_port 6379
fi

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "Installing Debian's Chromium for the browser tests..."
  apt_install chromium
fi

# The translations' .mo files are compiled with GNU gettext (make compile-messages).
"$(dirname "$0")/ensure-gettext.sh"
