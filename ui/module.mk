# ui: the text UI. The model, presenter and loop are pure (also in the unit tests); the console
# (ui/curses_terminal.cc, the only ncurses file) is linked into build/host/baton and into the
# ppc64le firmware build (tools/image), not into the unit tests.
PURE_SRCS += ui/screen.cc ui/menu_model.cc ui/presenter.cc ui/menu_loop.cc
CLI_SRCS += bootloader/cli/menu_command.cc
CURSES_SRCS := ui/curses_terminal.cc
CURSES_LIBS := -lncurses

$(HOST)/baton: $(call host_obj,$(CURSES_SRCS))
$(HOST)/baton: TSS_LIBS += $(CURSES_LIBS)

# make run: the boot menu on the simulated machine (tools/sim/run.sh).
run: $(HOST)/baton $(HOST)/dts/qemu-pseries.dtb
	$(Q)tools/sim/run.sh

.PHONY: run

UNIT_TEST_SRCS += tests/unit/menu_test.cc
