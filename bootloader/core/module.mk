# bootloader/core: Result, errors, bytes, text, JSON (writer and reader), logging, a helper
# thread. Standard library and pthreads only.
CORE_SRCS += bootloader/core/error.cc bootloader/core/text.cc bootloader/core/json.cc \
             bootloader/core/json_reader.cc bootloader/core/log.cc bootloader/core/thread.cc
