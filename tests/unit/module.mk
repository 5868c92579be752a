# tests/unit: CppUTest unit tests, built and run with AddressSanitizer and UBSan.
UNIT_TEST_PURE_SRCS += tests/unit/bytes_test.cc tests/unit/template_test.cc \
                       tests/unit/measurement_list_test.cc tests/unit/kexec_buffer_test.cc \
                       tests/unit/validate_test.cc tests/unit/elf_test.cc
UNIT_TEST_SRCS += $(UNIT_TEST_PURE_SRCS) tests/unit/hash_test.cc tests/unit/replay_test.cc \
                  tests/unit/entries_test.cc tests/unit/handover_test.cc \
                  tests/unit/placement_test.cc tests/unit/plan_test.cc tests/unit/tpm_test.cc tests/unit/main.cc

# The compiled device trees are test data the unit tests read (order-only: not linked in).
$(ASAN)/unit_tests: $(call asan_obj,$(LIB_SRCS) $(FAKE_SRCS) $(UNIT_TEST_SRCS)) | $(DTB_FILES)
	$(call say,LINK,$@)
	@mkdir -p $(@D)
	$(Q)$(CXX) $(CXXFLAGS) $(SANITIZE) $^ -o $@ $(CPPUTEST_LIBS) $(CRYPTO_LIBS) $(FDT_LIBS) $(TSS_LIBS) -pthread

CHECK_PROGRAMS += $(ASAN)/unit_tests
CHECK_SUITES += unit
