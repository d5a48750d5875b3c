#!/bin/sh
# autogen.sh -- bootstrap the autotools build from a git checkout.
set -e
cd "$(dirname "$0")"
mkdir -p build-aux
autoreconf -fi
cp -f "$(automake --print-libdir)/tap-driver.sh" build-aux/tap-driver.sh
