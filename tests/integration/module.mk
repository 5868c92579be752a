# tests/integration: the real baton binary against tools we did not write (evmctl).
CHECK_SUITES += integration
