# tests/unit: CppUTest unit tests, built and run with AddressSanitizer and UBSan. The tests mirror
# the modules (tests/unit/MODULE/, each with its module.mk); the shared test-data builders
# (fdt_builder.h, list_builder.h, tree_files.h) and the runner are here, the fakes in
# platform/fake.
UNIT_TEST_DIRS := $(patsubst %/module.mk,%,$(wildcard tests/unit/*/module.mk))
include $(patsubst %,%/module.mk,$(UNIT_TEST_DIRS))
UNIT_TEST_SRCS += $(UNIT_TEST_PURE_SRCS) tests/unit/main.cc

# The compiled device trees are test data the unit tests read (order-only: not linked in).
$(ASAN)/unit_tests: $(call asan_obj,$(LIB_SRCS) $(CLI_SRCS) $(FAKE_SRCS) $(UNIT_TEST_SRCS)) | $(DTB_FILES)
	$(call say,LINK,$@)
	@mkdir -p $(@D)
	$(Q)$(CXX) $(CXXFLAGS) $(SANITIZE) $^ -o $@ $(CPPUTEST_LIBS) $(LIB_LIBS) -pthread

CHECK_PROGRAMS += $(ASAN)/unit_tests
CHECK_SUITES += unit

# The threaded code (the two-thread replay, the helper thread, the measurement hashed beside the
# read) under ThreadSanitizer: its tests and the library-free and crypto code they run, no more.
TSAN := $(HOST)/tsan
TSAN_SRCS = $(CORE_SRCS) $(PURE_SRCS) $(CRYPTO_SRCS) tests/unit/ima/replay_test.cc \
            tests/unit/core/thread_test.cc tests/unit/crypto/hash_test.cc tests/unit/main.cc
tsan_obj = $(patsubst %.cc,$(TSAN)/obj/%.o,$(1))

$(TSAN)/obj/%.o: %.cc
	$(call say,CXX-TSAN,$<)
	@mkdir -p $(@D)
	$(Q)$(CXX) $(CXXFLAGS) -fsanitize=thread -g $(DEPFLAGS) -c $< -o $@

$(TSAN)/threaded_tests: $(call tsan_obj,$(TSAN_SRCS))
	$(call say,LINK,$@)
	@mkdir -p $(@D)
	$(Q)$(CXX) $(CXXFLAGS) -fsanitize=thread $^ -o $@ $(CPPUTEST_LIBS) $(CRYPTO_LIBS) $(MBEDTLS_LIBS) -pthread

CHECK_PROGRAMS += $(TSAN)/threaded_tests
CHECK_SUITES += tsan
