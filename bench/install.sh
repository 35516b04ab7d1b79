#!/bin/sh
# Install what bench/run.py needs on a fresh Debian (12 "bookworm") machine:
# Hugo (Debian's package, 0.111.3 on bookworm), GNU time (/usr/bin/time -v)
# and Python 3 (3.11 on bookworm).  Safe to run again: apt-get install
# leaves packages that are already there as they are.
# loa itself is built with cargo (python3 bench/run.py --build).
set -eu

if [ "$(id -u)" -eq 0 ]; then
    SUDO=
elif command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
else
    echo "install.sh: run as root (or install sudo)" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y hugo time python3

hugo version
/usr/bin/time --version 2>&1 | head -n 1
python3 --version
python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
    || echo "install.sh: warning: bench/run.py is written for Python 3.11 or newer" >&2
