# tools/image: baton cross-built for ppc64le against the ppc64el sysroot, and `make image`,
# the reproducible initramfs a POWER firmware build takes (build/image/initramfs.cpio.gz).
# The ppc64le baton is built from the same source lists as build/host/baton, so new sources come
# along by themselves.
PPC64EL := $(BUILD)/ppc64el
PPC64EL_SYSROOT := $(PPC64EL)/sysroot
PPC64EL_STAMP := $(PPC64EL)/stamp
PPC64LE := $(BUILD)/ppc64le
PPC64LE_SRCS = $(LIB_SRCS) $(CLI_SRCS) $(CLI_MAIN) $(CURSES_SRCS)
PPC64LE_FLAGS = $(CXXSTD) $(WARNINGS) -O2 $(CPPFLAGS) -isystem $(PPC64EL_SYSROOT)/usr/include \
                -isystem $(PPC64EL_SYSROOT)/usr/include/powerpc64le-linux-gnu
# mbedTLS, libfdt, libblkid and ncurses are linked statically; tpm2-tss (no static libraries in Debian) and
# libcrypto dynamically, from the sysroot: the image carries those shared libraries (build.sh).
# libcrypto is dynamic because tpm2-tss links libcrypto.so.3: a static copy in baton beside it
# would be two libcrypto states in one process.
PPC64EL_LIBDIRS := $(PPC64EL_SYSROOT)/usr/lib/powerpc64le-linux-gnu:$(PPC64EL_SYSROOT)/lib/powerpc64le-linux-gnu
PPC64LE_LIBS = -L$(PPC64EL_SYSROOT)/usr/lib/powerpc64le-linux-gnu \
               -Wl,-Bstatic $(MBEDTLS_LIBS) $(FDT_LIBS) $(BLKID_LIBS) $(CURSES_LIBS) -ltinfo -Wl,-Bdynamic $(TSS_LIBS) $(CRYPTO_LIBS) \
               -Wl,-rpath-link,$(PPC64EL_LIBDIRS)
IMAGE := $(BUILD)/image/initramfs.cpio.gz

ppc64le_obj = $(patsubst %.cc,$(PPC64LE)/obj/%.o,$(1))

# The sysroot: tools/ppc64el/fetch.sh does nothing when it is complete (make deps runs it too).
$(PPC64EL_STAMP): tools/ppc64el/fetch.sh tools/ppc64el/packages.txt
	$(Q)tools/ppc64el/fetch.sh
	@touch $@

$(PPC64LE)/obj/%.o: %.cc | $(PPC64EL_STAMP)
	$(call say,CROSS,$<)
	@mkdir -p $(@D)
	$(Q)$(CROSS_LE) $(PPC64LE_FLAGS) $(DEPFLAGS) -c $< -o $@

$(PPC64LE)/baton: $(call ppc64le_obj,$(PPC64LE_SRCS)) $(PPC64EL_STAMP)
	$(call say,LINK,$@)
	@mkdir -p $(@D)
	$(Q)$(CROSS_LE) $(PPC64LE_FLAGS) -static-libstdc++ -static-libgcc $(filter %.o,$^) -o $@ \
	    $(PPC64LE_LIBS) -pthread

# The firmware build's verified-boot choices (docs/verified-boot.md): BATON_IMAGE_KEYS, a folder
# of X.509 certificates that become the image's trust anchors (/etc/baton/keys), and
# BATON_IMAGE_SIGNED_BOOT, the policy (/etc/baton/signed-boot: off, warn or enforce). A change
# of either, or of a file in the folder, builds the image again.
IMAGE_SETTINGS := $(BUILD)/image/settings
IMAGE_SETTINGS_TEXT := keys=$(BATON_IMAGE_KEYS) signed-boot=$(BATON_IMAGE_SIGNED_BOOT)
ifneq ($(IMAGE_SETTINGS_TEXT),$(shell cat $(IMAGE_SETTINGS) 2>/dev/null))
$(shell mkdir -p $(BUILD)/image && echo '$(IMAGE_SETTINGS_TEXT)' >$(IMAGE_SETTINGS))
endif

$(IMAGE): $(PPC64LE)/baton $(PPC64EL_STAMP) tools/image/build.sh tools/image/pack.sh tools/image/init \
          $(IMAGE_SETTINGS) $(if $(BATON_IMAGE_KEYS),$(wildcard $(BATON_IMAGE_KEYS)/*))
	$(call say,IMAGE,$@)
	@mkdir -p $(@D)
	$(Q)BATON_IMAGE_KEYS='$(BATON_IMAGE_KEYS)' BATON_IMAGE_SIGNED_BOOT='$(BATON_IMAGE_SIGNED_BOOT)' \
	    tools/image/build.sh $(PPC64LE)/baton $(PPC64EL_SYSROOT) $@

image: $(IMAGE)

.PHONY: image
