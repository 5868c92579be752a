# tests/unit/ui: the unit tests of ui.
UNIT_TEST_SRCS += tests/unit/ui/menu_test.cc
UNIT_TEST_SRCS += tests/unit/ui/config_screen_test.cc
