#!/usr/bin/env bash
# GNU gettext (msgfmt, xgettext, msgmerge): Django's compilemessages and makemessages run it.
# Installed from Debian's packages when missing; safe to run again.
set -euo pipefail

command -v msgfmt >/dev/null && exit 0
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
echo "Installing GNU gettext (Debian's package) for the translations..."
DEBIAN_FRONTEND=noninteractive as_root apt-get install -y gettext \
  || { as_root apt-get update -q && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y gettext; }
