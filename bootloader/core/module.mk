# bootloader/core: Result, errors, bytes, text, JSON, logging. Standard library only.
CORE_SRCS += bootloader/core/error.cc bootloader/core/text.cc bootloader/core/json.cc \
             bootloader/core/log.cc
