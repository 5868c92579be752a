# tests/bench: `make bench` (not part of check). Benchmarks against the peer each issue names.
$(HOST)/bench_ima: tests/bench/bench_ima.cc $(call host_obj,$(LIB_SRCS))
	$(call say,LINK,$@)
	@mkdir -p $(@D)
	$(Q)$(CXX) $(CXXFLAGS) $^ -o $@ $(LIB_LIBS) -pthread

BENCH_PROGRAMS += $(HOST)/bench_ima

$(HOST)/bench_tpm: tests/bench/bench_tpm.cc $(call host_obj,$(LIB_SRCS))
	$(call say,LINK,$@)
	@mkdir -p $(@D)
	$(Q)$(CXX) $(CXXFLAGS) $^ -o $@ $(LIB_LIBS) -pthread

BENCH_PROGRAMS += $(HOST)/bench_tpm $(HOST)/dts/qemu-pseries.dtb
# The guest benchmark boots the image (tests/e2e/run.sh builds its test kernel itself).
BENCH_PROGRAMS += $(IMAGE)
