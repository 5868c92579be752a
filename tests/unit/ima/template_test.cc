// SPDX-License-Identifier: GPL-2.0-or-later
// Template resolution as the restoring kernel does it.
#include <string>

#include "bootloader/ima/template.h"

#include "tests/unit/harness.h"

using namespace baton::ima;

TEST_GROUP(Template){};

TEST(Template, BuiltinsByNameAndFormat) {
  const char* names[] = {"ima-ng",     "ima-sig", "ima-ngv2",  "ima-sigv2",    "ima-buf",
                         "ima-modsig", "evm-sig", "d-ng|n-ng", "d-ng|n-ng|sig"};
  for (const char* name : names) CHECK_TEXT(ResolveTemplate(name).has_value(), name);
  auto evm = ResolveTemplate("evm-sig");
  UNSIGNED_LONGS_EQUAL(9, evm->count);
  CHECK(evm->fields[8] == FieldId::kInodeMode);
  auto ima = ResolveTemplate("ima");
  CHECK(ima->is_legacy_ima);
  CHECK_FALSE(ResolveTemplate("ima-ng")->is_legacy_ima);
}

TEST(Template, CustomFormats) {
  auto custom = ResolveTemplate("d-ng|n-ng|buf|iuid");
  CHECK(custom.has_value());
  UNSIGNED_LONGS_EQUAL(4, custom->count);
  CHECK_FALSE(ResolveTemplate("d-ng|n-ng|bogus").has_value());
  CHECK_FALSE(ResolveTemplate("d-ng||n-ng").has_value());
  CHECK_FALSE(ResolveTemplate("").has_value());
  CHECK_FALSE(ResolveTemplate("ima-ng ").has_value());
  std::string sixteen_fields = "d";
  for (int i = 0; i < 15; ++i) sixteen_fields += "|d";
  CHECK_FALSE(ResolveTemplate(sixteen_fields).has_value());
  std::string fifteen_fields = "d";
  for (int i = 0; i < 14; ++i) fifteen_fields += "|d";
  CHECK(ResolveTemplate(fifteen_fields).has_value());
}

TEST(Template, MaxNameLengthIsTheKernelsConstantMinusOne) {
  // MAX_TEMPLATE_NAME_LEN = sizeof("d-ng|n-ng|evmsig|xattrnames|xattrlengths|xattrvalues|iuid|
  // igid|imode"), NUL included; a name must be shorter.
  UNSIGNED_LONGS_EQUAL(
      sizeof("d-ng|n-ng|evmsig|xattrnames|xattrlengths|xattrvalues|iuid|igid|imode") - 1,
      kMaxTemplateNameLength);
}
