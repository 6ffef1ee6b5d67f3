#!/usr/bin/env bash
# Runs a test program on our library through $ENET_TEST_WRAPPER when it is
# set (e.g. "valgrind --error-exitcode=99 --leak-check=full"), directly
# otherwise. scripts/memcheck.sh sets it; programs on the reference library
# are never wrapped (its leaks are not ours to report).
#
#   launch.sh PROGRAM [ARGS...]
# shellcheck disable=SC2086 # the wrapper is a command line, split on purpose
exec ${ENET_TEST_WRAPPER:-} "$@"
