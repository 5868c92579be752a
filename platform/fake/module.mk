# platform/fake: in-memory fakes with real semantics, for unit tests.
FAKE_SRCS += platform/fake/fake_tpm.cc
