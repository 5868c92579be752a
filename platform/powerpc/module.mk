# platform/powerpc: the kexec trampoline, assembled with the ppc64 cross binutils for both byte
# orders and embedded in baton as data (the host build needs it too, to write plans).
TRAMPOLINE_GEN := $(HOST)/gen/platform/powerpc/trampoline_code.cc
GENERATED_SRCS += $(TRAMPOLINE_GEN)
PLATFORM_SRCS += $(TRAMPOLINE_GEN)
PPC_AS := powerpc64le-linux-gnu-as
PPC_OBJCOPY := powerpc64le-linux-gnu-objcopy

$(HOST)/gen/platform/powerpc/trampoline-%.bin: platform/powerpc/trampoline.S
	$(call say,AS,$@)
	@mkdir -p $(@D)
	$(Q)$(PPC_AS) -a64 $(if $(filter big,$*),-mbig --defsym BIG=1,-mlittle) $< -o $(@:.bin=.o)
	$(Q)$(PPC_OBJCOPY) -O binary -j .text $(@:.bin=.o) $@

$(TRAMPOLINE_GEN): $(HOST)/gen/platform/powerpc/trampoline-little.bin \
                   $(HOST)/gen/platform/powerpc/trampoline-big.bin platform/powerpc/embed.sh
	$(call say,GEN,$@)
	$(Q)platform/powerpc/embed.sh $^ > $@.tmp && mv $@.tmp $@

