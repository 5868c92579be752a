# tests/fuzz: libFuzzer targets (clang, -fsanitize=fuzzer,address,undefined), one per parser of
# untrusted bytes, each run for a short time inside `make check` from its committed corpus.
# The library is compiled once with coverage instrumentation and linked into every target.
# One target per parser of untrusted bytes: the IMA list, the kexec buffer, PCR files, device
# trees, kernel ELF images, TCG event logs, JSON (devices.json), each boot-configuration format,
# the pending extends `baton kexec exec` reads back, signatures (appended and detached), the
# NVRAM (its partition chain and the settings in `common`) and the password hash it may hold.
FUZZ_TARGETS += ima_list kexec_buffer pcr_file device_tree kernel_elf event_log json \
                grub grubenv bls syslinux yaboot kboot baton_conf pending signature nvram password
FUZZ_SANITIZE = -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_FLAGS = $(CXXSTD) -O1 -g $(CPPFLAGS) $(FUZZ_SANITIZE)
FUZZ_LIB_SRCS = $(CORE_SRCS) $(PURE_SRCS) $(CRYPTO_SRCS) $(FDT_SRCS)
fuzz_obj = $(patsubst %.cc,$(BUILD)/fuzz/obj/%.o,$(1))

$(BUILD)/fuzz/obj/%.o: %.cc
	$(call say,CLANG,$<)
	@mkdir -p $(@D)
	$(Q)$(CLANGXX) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(DEPFLAGS) -c $< -o $@

$(BUILD)/fuzz/%_fuzz: $(BUILD)/fuzz/obj/tests/fuzz/%_fuzz.o $(call fuzz_obj,$(FUZZ_LIB_SRCS))
	$(call say,FUZZ,$@)
	$(Q)$(CLANGXX) $(FUZZ_FLAGS) -fsanitize=fuzzer $^ -o $@ $(CRYPTO_LIBS) $(MBEDTLS_LIBS) $(FDT_LIBS) -pthread

# The pending extends live in bootloader/boot (not in the library: it places the trampoline);
# its parser needs only these two of its files.
FUZZ_PENDING_SRCS = bootloader/boot/pending.cc bootloader/boot/measurement.cc
$(BUILD)/fuzz/pending_fuzz: $(call fuzz_obj,$(FUZZ_PENDING_SRCS))

CHECK_PROGRAMS += $(patsubst %,$(BUILD)/fuzz/%_fuzz,$(FUZZ_TARGETS))
CHECK_SUITES += fuzz

# Keep the instrumented objects (they are intermediate files of the pattern rules above).
.SECONDARY: $(call fuzz_obj,$(FUZZ_LIB_SRCS) $(FUZZ_PENDING_SRCS)) $(patsubst %,$(BUILD)/fuzz/obj/tests/fuzz/%_fuzz.o,$(FUZZ_TARGETS))
