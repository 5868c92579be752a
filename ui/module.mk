# ui: the text UI. The model, presenter, loop and list browser are pure (also in the unit tests
# and the cross builds); the console
# (ui/curses_terminal.cc, the only ncurses file) is linked into build/host/baton and into the
# ppc64le firmware build (tools/image), not into the unit tests.
PURE_SRCS += ui/screen.cc ui/menu_model.cc ui/presenter.cc ui/menu_loop.cc ui/list_source.cc \
             ui/config_screen.cc
# The PCR screen judges the list and the event log (bootloader/tpm, on crypto).
CRYPTO_SRCS += ui/pcr_screen.cc
CURSES_SRCS := ui/curses_terminal.cc
CURSES_LIBS := -lncurses

# make run: the boot menu on the simulated machine (tools/sim/run.sh). Like check, it first
# brings in what it needs (make deps).
run: deps
	$(Q)$(MAKE) -j$$(nproc) --no-print-directory $(HOST)/baton $(HOST)/dts/qemu-pseries.dtb
	$(Q)tools/sim/run.sh

.PHONY: run
