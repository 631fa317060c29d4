#!/bin/bash
# Gradescope runs this once, as root on Ubuntu, when it builds the image
# that grades every submission.  It installs what building and grading Mica
# needs: the packages of tools/install-deps, less gdb and pkg-config, and
# bubblewrap, the sandbox of every build and grading run (grade/sandbox.py;
# where the image cannot make namespaces, the autograder falls back to a
# user of its own per submission and says so in the results).
set -e
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends \
	qemu-system-x86 gcc gcc-multilib binutils make python3 git check bubblewrap
# The grader needs Python 3.11 (tomllib); Ubuntu 22.04 ships 3.10 as python3
# and 3.11 as python3.11, which run_autograder then picks.
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
	apt-get install -y -q --no-install-recommends python3.11
fi
qemu-system-i386 --version
