#!/usr/bin/env bash
# Installs libngspice 46 (built with KLU) and the ngspice 46 program (the tests compare the in-process
# engine with it) from bookworm-backports when either is missing or older. As root it installs;
# otherwise it says what to run and exits 2. Idempotent.
set -euo pipefail
installed_major() { # $1 = package
  local v
  v=$(dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true)
  v=${v#*:}
  echo "${v%%[^0-9]*}"
}
major=$(installed_major libngspice0)
program=$(installed_major ngspice)
if [ -n "$major" ] && [ "$major" -ge 46 ] && [ -n "$program" ] && [ "$program" -ge 46 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "[setup] xbarspice needs libngspice 46+ with KLU and the ngspice 46+ program (found: ${major:-none} and ${program:-none}). Run once as root:" >&2
  echo "    sudo $(realpath "$0")" >&2
  exit 2
fi
codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
if [ "$codename" != bookworm ]; then # bookworm-backports' packages on another release break its libraries
  echo "[setup] this set-up installs ngspice 46 from Debian 12 (bookworm) backports, and this system is '${codename:-unknown}':" \
    "install libngspice0 and ngspice 46 or later (built with KLU) from your distribution, then run again" >&2
  exit 2
fi
echo "[setup] installing ngspice 46 from bookworm-backports" >&2
cat > /etc/apt/sources.list.d/bookworm-backports.sources <<'X'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
X
if ! apt-get update -qq >&2 || ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t bookworm-backports libngspice0 ngspice >&2; then
  echo "[setup] apt-get could not install ngspice 46 from bookworm-backports (above): check the network and" \
    "deb.debian.org, then run again" >&2
  exit 2
fi
