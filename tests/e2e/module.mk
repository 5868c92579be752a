# tests/e2e: QEMU pseries + SLOF + swtpm (tpm-spapr), real ppc64le kernels, the boot image from
# tools/image, kexec, and the next kernel's own IMA restoring the list (issue 7). `make e2e`
# runs it alone; `make check` runs it as the suite "e2e".

E2E_INPUTS := $(HOST)/baton $(IMAGE)

# The test kernel is built by tests/e2e/run.sh (through tests/e2e/kernel.sh, cached in
# build/e2e/kernel-<key>/), so that `make check` builds it once, alone, after the parallel build.
e2e: $(E2E_INPUTS)
	$(Q)tests/e2e/run.sh

CHECK_PROGRAMS += $(E2E_INPUTS)
CHECK_SUITES += e2e

.PHONY: e2e
