# SPDX-License-Identifier: GPL-2.0-or-later
# The entry image that kexec_load jumps to on ppc64 (baton's own, no purgatory).
#
# The old kernel's kexec_sequence (arch/powerpc/kernel/misc_64.S) copies the first 0x100 bytes of
# this image to physical 0, releases the secondary CPUs to 0x60, and branches here in real mode
# with r3 = its hardware CPU id. Bytes 4..0xff are therefore replaced by the new kernel's own
# first 256 bytes when a plan is built, so the secondaries park in the new kernel's hold loop
# (__secondary_hold at 0x60) and the kernel finds its head already at 0.
#
# The master then: writes its CPU id big-endian into the tree's boot_cpuid_phys (FDT offset 28),
# sets r3 = tree, r4 = kernel base, r5 = 0 (not an Open Firmware entry) and branches to the
# kernel's entry in the byte order it runs in (the kernel's FIXUP_ENDIAN accepts either).
#
# The three doublewords at 0x180 are filled in by the planner, in the running CPU's byte order.
# Assembled twice: little-endian (ppc64le kernels) and big-endian (--defsym BIG=1).

	.text
	.globl	trampoline_start
trampoline_start:
	b	master			# word 0: the only word not taken from the kernel
	.org	trampoline_start + 0x100
master:
	bl	1f
1:	mflr	12			# r12 = trampoline_start + 0x104
	ld	6, (tree_address - 1b)(12)
	ld	4, (kernel_address - 1b)(12)
	ld	7, (entry_address - 1b)(12)
	addi	8, 6, 28		# &fdt->boot_cpuid_phys
.ifdef BIG
	stw	3, 0(8)			# big-endian CPU: a plain store is big-endian
.else
	stwbrx	3, 0, 8			# little-endian CPU: byte-reversed store is big-endian
.endif
	mr	3, 6
	li	5, 0
	mtctr	7
	bctr
	.org	trampoline_start + 0x180
tree_address:
	.quad	0
kernel_address:
	.quad	0
entry_address:
	.quad	0
trampoline_end:
