# tests/cross: the library-free core and its tests, cross-built static for ppc64le and
# big-endian ppc64 and run under qemu-user, with the small runner in mini_test.h.
CROSS_SRCS = $(CORE_SRCS) $(PURE_SRCS) $(UNIT_TEST_PURE_SRCS) tests/cross/mini_main.cc
CROSS_FLAGS = $(CXXSTD) $(WARNINGS) -O1 $(CPPFLAGS) -DBATON_MINI_TEST -static

$(BUILD)/ppc64le/core_tests: $(CROSS_SRCS) $(wildcard bootloader/*/*.h tests/*/*.h)
	$(call say,CROSS,$@)
	@mkdir -p $(@D)
	$(Q)$(CROSS_LE) $(CROSS_FLAGS) $(CROSS_SRCS) -o $@

$(BUILD)/ppc64/core_tests: $(CROSS_SRCS) $(wildcard bootloader/*/*.h tests/*/*.h)
	$(call say,CROSS,$@)
	@mkdir -p $(@D)
	$(Q)$(CROSS_BE) $(CROSS_FLAGS) $(CROSS_SRCS) -o $@

CHECK_PROGRAMS += $(BUILD)/ppc64le/core_tests $(BUILD)/ppc64/core_tests
CHECK_SUITES += cross-ppc64le cross-ppc64
