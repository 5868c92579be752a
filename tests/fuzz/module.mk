# tests/fuzz: libFuzzer targets (clang, -fsanitize=fuzzer,address,undefined), one per parser of
# untrusted bytes, each run for a short time inside `make check` from its committed corpus.
FUZZ_TARGETS += ima_list kexec_buffer pcr_file
FUZZ_FLAGS = $(CXXSTD) -O1 -g $(CPPFLAGS) -fsanitize=fuzzer,address,undefined \
             -fno-sanitize-recover=all
FUZZ_LIB_SRCS = $(CORE_SRCS) $(PURE_SRCS) $(CRYPTO_SRCS)

$(BUILD)/fuzz/%_fuzz: tests/fuzz/%_fuzz.cc $(FUZZ_LIB_SRCS) $(wildcard bootloader/*/*.h)
	$(call say,FUZZ,$@)
	@mkdir -p $(@D)
	$(Q)$(CLANGXX) $(FUZZ_FLAGS) $< $(FUZZ_LIB_SRCS) -o $@ $(CRYPTO_LIBS) -pthread

CHECK_PROGRAMS += $(patsubst %,$(BUILD)/fuzz/%_fuzz,$(FUZZ_TARGETS))
CHECK_SUITES += fuzz
