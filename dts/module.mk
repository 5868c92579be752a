# dts: device trees compiled with dtc at build time (never edited as blobs).
DTS_FILES := $(wildcard dts/*.dts)
DTB_FILES := $(patsubst dts/%.dts,$(HOST)/dts/%.dtb,$(DTS_FILES))

$(HOST)/dts/%.dtb: dts/%.dts
	$(call say,DTC,$@)
	@mkdir -p $(@D)
	$(Q)dtc -q -I dts -O dtb -o $@ $<

CHECK_PROGRAMS += $(DTB_FILES)
