# tools/layout: the house's rules, checked in make check (suite "layout"): every include follows
# an arrow of docs/architecture.md's layout table and every third-party header stays in its
# adapter (check.sh, proved by check_test.sh), and every C++ file is as clang-format writes it
# (format_check.sh; `make format` applies it).
CHECK_SUITES += layout
