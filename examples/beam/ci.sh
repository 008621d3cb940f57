#!/usr/bin/env bash
# The CI step of the Beam export, run by .ci/run: vet and test the module
# in examples/beam, which has its own go.mod so that the library links no
# Beam (TestLibraryLinksNoBeam checks that from here).
#
# The tests run the pipeline on prism, in-process, over 100,000 generated
# records in 8 shards, twice. They run without -race: a race build of
# Beam's module graph and prism takes several times longer to compile and
# run on two cores, which would take CI past its 20-minute budget; the
# pipeline's own code runs in DoFn instances, one bundle at a time, and the
# library's concurrent code is tested with -race by .ci/run.
set -euo pipefail
cd "$(dirname "$0")"
go vet ./...
go test -timeout 20m ./...
