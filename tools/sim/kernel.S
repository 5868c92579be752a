# SPDX-License-Identifier: GPL-2.0-or-later
# The simulated machine's "kernel": a ppc64le ELF shaped like a vmlinux (code at 0, the
# secondary hold loop at 0x60, past the 256-byte head) that the kexec planner accepts. It never
# runs: the simulated machine stops before the reboot.
	.section .text
	.globl _start
_start:
	b .
	.org 0x60
	b .
	.org 0x400
	.long 0
