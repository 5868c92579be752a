// SPDX-License-Identifier: GPL-2.0-or-later
// grub.cfg as grub runs it: the scripting, the menu, the default, and every edge case the issue
// lists (empty file, no final newline, a lexer error mid-file, `source` that loops, defaults by
// every kind of reference, limits).
#include <string>

#include "bootloader/config/grub.h"
#include "tests/unit/config/one_device_files.h"

#include "tests/unit/harness.h"

using namespace baton;
using namespace baton::config;

namespace {

ConfigResult RunGrub(testing::MemoryDevice& device, const std::string& text,
                     const std::string& path = "/boot/grub/grub.cfg") {
  device.File(path, text);
  testing::OneDeviceFiles files(device);
  return ParseGrub(files, path, text);
}

const char kThreeEntries[] =
    "menuentry 'First' --id first { linux /vmlinux-1 root=/dev/sda2; initrd /initrd-1 }\n"
    "submenu 'More' --id more {\n"
    "  menuentry 'Second' --id second { linux /vmlinux-2 }\n"
    "  menuentry 'Third' --id third { linux /vmlinux-3 }\n"
    "}\n";

}  // namespace

TEST_GROUP(Grub) { testing::MemoryDevice device; };

TEST(Grub, EmptyFileHasNoOptionsAndNoDefault) {
  ConfigResult result = RunGrub(device, "");
  UNSIGNED_LONGS_EQUAL(0, result.options.size());
  CHECK_FALSE(result.default_index.has_value());
  UNSIGNED_LONGS_EQUAL(0, result.notes.size());
}

TEST(Grub, NoFinalNewline) {
  ConfigResult result =
      RunGrub(device, "set timeout=3\nmenuentry 'Only' {\n linux /vmlinux quiet\n}");
  UNSIGNED_LONGS_EQUAL(1, result.options.size());
  STRCMP_EQUAL("quiet", result.options[0].args.c_str());
  CHECK(result.timeout_seconds == 3u);
}

TEST(Grub, LexerErrorMidFileKeepsTheEntriesAroundIt) {
  ConfigResult result = RunGrub(device,
                                "menuentry 'Before' { linux /a }\n"
                                "set broken=\"no end\n"
                                "menuentry 'After' { linux /b }\n");
  // The unterminated quote would eat the rest of the file; reading restarts on the next line.
  UNSIGNED_LONGS_EQUAL(2, result.options.size());
  STRCMP_EQUAL("Before", result.options[0].name.c_str());
  STRCMP_EQUAL("After", result.options[1].name.c_str());
  CHECK(testing::HasNote(result.notes, "grub.cfg:2: syntax error: unterminated double quote"));
}

TEST(Grub, SyntaxErrorInABlockIsANote) {
  ConfigResult result = RunGrub(device,
                                "if true; then\n  menuentry 'Lost' { linux /x }\n"
                                "menuentry 'Kept' { linux /y }\n");
  CHECK(testing::HasNote(result.notes, "syntax error"));
  CHECK(result.options.size() <= 1);
}

TEST(Grub, BracesAreTokensWhereverTheyStand) {
  ConfigResult result = RunGrub(device,
                                "menuentry 'glued'{ linux /a }\n"
                                "menuentry 'inline' {linux /b root=/dev/sda2}\n"
                                "menuentry 'semi' { linux /c;}\n");
  UNSIGNED_LONGS_EQUAL(3, result.options.size());
  STRCMP_EQUAL("/a", result.options[0].kernel.path.c_str());
  STRCMP_EQUAL("/b", result.options[1].kernel.path.c_str());
  STRCMP_EQUAL("root=/dev/sda2", result.options[1].args.c_str());
  STRCMP_EQUAL("/c", result.options[2].kernel.path.c_str());
  UNSIGNED_LONGS_EQUAL(0, result.notes.size());
}

TEST(Grub, ByteLimitsStopADoublingValueAndKeepTheEntriesBefore) {
  std::string text = "menuentry 'first' { linux /first }\nx=a\n";
  for (int i = 0; i < 14; ++i) text += "x=$x$x\n";
  text += "while true; do y=\"$y$x\"; done\nmenuentry 'after' { linux /after }\n";
  ConfigResult result = RunGrub(device, text);
  UNSIGNED_LONGS_EQUAL(1, result.options.size());
  STRCMP_EQUAL("/first", result.options[0].kernel.path.c_str());
  CHECK(testing::HasNote(result.notes, "grub.cfg:17: a word expands past 64 KiB") ||
        testing::HasNote(result.notes, "grub.cfg:17: script makes too many bytes"));
}

TEST(Grub, SyntaxErrorsAreListedUpToALimitAndCounted) {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "}\n";
  text += "menuentry 'last' { linux /last }\n";
  ConfigResult result = RunGrub(device, text);
  UNSIGNED_LONGS_EQUAL(1, result.options.size());
  CHECK(testing::HasNote(result.notes, "400 more syntax errors not listed"));
}

TEST(Grub, SourceThatLoopsStopsTenDeep) {
  device.File("/boot/grub/a.cfg", "source /boot/grub/b.cfg\n");
  device.File("/boot/grub/b.cfg", "menuentry \"B\" { linux /b }\nsource /boot/grub/a.cfg\n");
  ConfigResult result = RunGrub(device, "source /boot/grub/a.cfg\n");
  CHECK(testing::HasNote(result.notes, "'source' nested more than 10 deep; skipped"));
  // b.cfg ran five times before the limit.
  UNSIGNED_LONGS_EQUAL(5, result.options.size());
}

TEST(Grub, SourceFanOutIsBounded) {
  device.File("/boot/grub/twice.cfg", "source /boot/grub/twice.cfg\nsource /boot/grub/twice.cfg\n");
  ConfigResult result = RunGrub(device, "source /boot/grub/twice.cfg\n");
  CHECK(testing::HasNote(result.notes, "more than 100 files sourced; skipped"));
}

TEST(Grub, StatementsNestTooDeepThroughCalls) {
  ConfigResult result =
      RunGrub(device,
              "function f { if true; then if true; then if true; then if true; then\n"
              "  if true; then f; fi; fi; fi; fi; fi; }\nf\nmenuentry A { linux /a }\n");
  CHECK(testing::HasNote(result.notes, "nested too deep"));
}

TEST(Grub, DefaultByIndexTitleIdAndSubmenuPath) {
  struct Case {
    const char* value;
    std::size_t option;
  } cases[] = {{"0", 0},          {"1", 1},   {"First", 0},  {"first", 0},   {"More>Third", 2},
               {"more>third", 2}, {"1>1", 2}, {"more>0", 1}, {"nothing", 0}, {"7", 0}};
  for (const Case& one : cases) {
    testing::MemoryDevice fresh;
    ConfigResult result =
        RunGrub(fresh, std::string("set default='") + one.value + "'\n" + kThreeEntries);
    CHECK_TEXT(result.default_index == one.option, one.value);
  }
}

TEST(Grub, DefaultFromSavedEntryAndNextEntry) {
  const std::string header =
      "load_env\n"
      "if [ \"${next_entry}\" ] ; then\n  set default=\"${next_entry}\"\n  set next_entry=\n"
      "  save_env next_entry\nelse\n  set default=\"${saved_entry}\"\nfi\n";
  device.File("/boot/grub/grubenv", "# GRUB Environment Block\nsaved_entry=more>second\n###");
  ConfigResult saved = RunGrub(device, header + kThreeEntries);
  CHECK(saved.default_index == 1u);
  device.File("/boot/grub/grubenv",
              "# GRUB Environment Block\nsaved_entry=second\nnext_entry=More>Third\n#");
  ConfigResult next = RunGrub(device, header + kThreeEntries);
  CHECK(next.default_index == 2u);
}

TEST(Grub, SubmenuEntriesKeepTheirTitlesAndCarryTheGroup) {
  ConfigResult result = RunGrub(device, kThreeEntries);
  UNSIGNED_LONGS_EQUAL(3, result.options.size());
  CHECK_FALSE(result.options[0].group.has_value());
  STRCMP_EQUAL("Second", result.options[1].name.c_str());
  STRCMP_EQUAL("More", result.options[1].group->c_str());
  STRCMP_EQUAL("third", result.options[2].id.c_str());
}

TEST(Grub, QuotingEscapesAndExpansion) {
  ConfigResult result =
      RunGrub(device,
              "set a=one\nset b=\"two  words\"\nset c='$a'\n"
              "menuentry \"T $a\" {\n"
              "  linux /k x=$a y=\"$b\" z=$b w=$c v=\\$a u=${a}s \"q\\\"r\" 'p\\q' \\\n"
              "    cont\n}\n");
  UNSIGNED_LONGS_EQUAL(1, result.options.size());
  STRCMP_EQUAL("T one", result.options[0].name.c_str());
  STRCMP_EQUAL("x=one y=two  words z=two words w=$a v=$a u=ones q\"r p\\q cont",
               result.options[0].args.c_str());
}

TEST(Grub, ConditionsAndFileTests) {
  device.File("/boot/vmlinux", "kernel").File("/boot/empty", "");
  ConfigResult result = RunGrub(
      device,
      "if [ -f /boot/vmlinux -a -d /boot -a ! -s /boot/empty ]; then a=1; fi\n"
      "if [ -z \"$missing\" -o -n \"\" ]; then b=1; fi\n"
      "if [ x$a = x1 ]; then c=1; elif true; then c=2; else c=3; fi\n"
      "if [ \"$b\" != 1 ]; then d=no; elif [ -e /boot/nothing ]; then d=no; else d=yes; fi\n"
      "if ! test -f /boot/nothing; then e=1; fi\n"
      "if [ 10 -gt 9 -a 2 -le 2 -a 3 -ne 4 ]; then f=1; fi\n"
      "menuentry T { linux /k $a$b$c$d$e$f }\n");
  STRCMP_EQUAL("111yes11", result.options[0].args.c_str());
}

TEST(Grub, FunctionsLoopsAndPositionalArguments) {
  ConfigResult result =
      RunGrub(device,
              "function entry {\n  menuentry \"$1\" \"$2\" { linux /vmlinux-$2 n=$# t=\"$1\" }\n}\n"
              "for v in 5.1 5.2; do entry \"Linux $v\" $v; done\n");
  UNSIGNED_LONGS_EQUAL(2, result.options.size());
  STRCMP_EQUAL("Linux 5.2", result.options[1].name.c_str());
  STRCMP_EQUAL("/vmlinux-5.2", result.options[1].kernel.path.c_str());
  // As in grub, an entry's body sees its title as $1 and its extra arguments from $2 on.
  STRCMP_EQUAL("n=2 t=Linux 5.2", result.options[1].args.c_str());
}

TEST(Grub, EntryBodiesSeeTheFinalEnvironment) {
  ConfigResult result = RunGrub(device,
                                "menuentry A { set leaked=yes; linux /k $opts }\n"
                                "set opts=late\nmenuentry B { linux /k $leaked }\n");
  STRCMP_EQUAL("late", result.options[0].args.c_str());
  STRCMP_EQUAL("", result.options[1].args.c_str());
}

TEST(Grub, LoopAndRecursionLimits) {
  ConfigResult loop = RunGrub(device, "while true; do x=1; done\nmenuentry A { linux /a }\n");
  CHECK(testing::HasNote(loop.notes, "loop runs too long"));
  UNSIGNED_LONGS_EQUAL(1, loop.options.size());
  ConfigResult recursion = RunGrub(device, "function f { f; }\nf\nmenuentry A { linux /a }\n");
  CHECK(testing::HasNote(recursion.notes, "function calls nested too deep"));
  UNSIGNED_LONGS_EQUAL(1, recursion.options.size());
}

TEST(Grub, UnknownCommandsAreSkippedWithANote) {
  ConfigResult result = RunGrub(device,
                                "insmod gzio\nhiddenentry 'Hidden' {\n linux /h\n}\n"
                                "frobnicate --now\nmenuentry A { linux /a }\n");
  CHECK(testing::HasNote(result.notes, "unknown command 'hiddenentry' skipped"));
  CHECK(testing::HasNote(result.notes, "unknown command 'frobnicate' skipped"));
  UNSIGNED_LONGS_EQUAL(1, result.options.size());
}

TEST(Grub, SearchNamesDevicesByUuidLabelAndFile) {
  device.File("/marker", "");
  ConfigResult result =
      RunGrub(device,
              "menuentry U {\n search --no-floppy --fs-uuid --set=root 1234-ABCD\n"
              " linux /u; initrd /i1 (hd0,gpt2)/i2\n}\n"
              "menuentry L { search.fs_label DATA root; linux /l }\n"
              "search --file --set=other /marker\n"
              "menuentry F { linux ($other)/f; devicetree /dtb }\n"
              "menuentry P { linux16 (sdb1)/p; initrd16 /a /b }\n");
  UNSIGNED_LONGS_EQUAL(4, result.options.size());
  CHECK(result.options[0].kernel.device == (DeviceReference{DeviceMatch::kUuid, "1234-ABCD"}));
  UNSIGNED_LONGS_EQUAL(2, result.options[0].initrds.size());
  CHECK(result.options[0].initrds[1].device == (DeviceReference{DeviceMatch::kPartition, "2"}));
  // The script's own `root` is never set: entries read at the end see the one they set.
  CHECK(result.options[1].kernel.device == (DeviceReference{DeviceMatch::kLabel, "DATA"}));
  CHECK(result.options[2].kernel.device == (DeviceReference{DeviceMatch::kName, "memory"}));
  CHECK(result.options[2].dtb.has_value());
  CHECK(result.options[3].kernel.device == (DeviceReference{DeviceMatch::kName, "sdb1"}));
  UNSIGNED_LONGS_EQUAL(2, result.options[3].initrds.size());
}

TEST(Grub, BlscfgExpandsKerneloptsAndSortsNewestFirst) {
  device.File("/loader/entries/a-5.14.0-1.conf",
              "title Old\nversion 5.14.0-1\nlinux /vmlinuz-1\noptions $kernelopts\n");
  device.File("/loader/entries/a-5.14.0-10.conf",
              "title New\nversion 5.14.0-10\nlinux /vmlinuz-10\ninitrd /initramfs-10.img "
              "$tuned_initrd\noptions $kernelopts extra\n");
  device.File("/grub2/grubenv", "# GRUB Environment Block\nkernelopts=root=/dev/vda2 ro\n#");
  ConfigResult result = RunGrub(device, "set default=a-5.14.0-1\nblscfg\n", "/grub2/grub.cfg");
  UNSIGNED_LONGS_EQUAL(2, result.options.size());
  STRCMP_EQUAL("New", result.options[0].name.c_str());
  STRCMP_EQUAL("root=/dev/vda2 ro extra", result.options[0].args.c_str());
  UNSIGNED_LONGS_EQUAL(1, result.options[0].initrds.size());
  CHECK(result.default_index == 1u);
  UNSIGNED_LONGS_EQUAL(1, result.bls_directories.size());
}

TEST(Grub, PathsThatLeaveTheDeviceAreRefused) {
  ConfigResult result = RunGrub(
      device,
      "menuentry Out { linux /boot/../../vmlinux }\nmenuentry In { linux /boot/../vmlinux }\n");
  UNSIGNED_LONGS_EQUAL(1, result.options.size());
  STRCMP_EQUAL("/vmlinux", result.options[0].kernel.path.c_str());
  CHECK(testing::HasNote(result.notes, "path leaves the device root"));
  CHECK(testing::HasNote(result.notes, "menu entry 'Out' refused"));
}

TEST(Grub, TimeoutMinusOneWaits) {
  CHECK_FALSE(RunGrub(device, "set timeout=-1\n").timeout_seconds.has_value());
  CHECK(RunGrub(device, "timeout=0\n").timeout_seconds == 0u);
}

TEST(Grub, EntriesWithoutLinuxAreSkippedButKeepTheirIndex) {
  ConfigResult result =
      RunGrub(device, "set default=1\nmenuentry Firmware { fwsetup }\nmenuentry A { linux /a }\n");
  UNSIGNED_LONGS_EQUAL(1, result.options.size());
  CHECK(result.default_index == 0u);
  CHECK(testing::HasNote(result.notes, "menu entry 'Firmware' boots no Linux kernel"));
}

TEST(Grub, TestExpressionsGroupAsGrubDoes) {
  // commands/test.c: -a (or nothing) binds tighter than -o; ! inverts the next factor; ( ) group.
  ConfigResult result =
      RunGrub(device,
              "if [ -n \"\" -o -n x -a -n y ]; then a=1; fi\n"
              "if [ -n x -o -n \"\" -a -n \"\" ]; then b=1; fi\n"
              "if [ ! ( -n x -o -n y ) ]; then c=bad; else c=1; fi\n"
              "if [ -n x -n \"\" ]; then d=bad; else d=1; fi\n"
              "if [ ( -n \"\" -o -n x ) -a ( -z \"\" ) ]; then e=1; fi\n"
              "if [ vmlinuz-10 -pgt vmlinuz-9 -a abc \\< abd -a 3 \\>= 3 ]; then f=1; fi\n"
              "if [ ( -n x ]; then g=bad; else g=1; fi\n"
              "menuentry T { linux /k $a$b$c$d$e$f$g }\n");
  STRCMP_EQUAL("1111111", result.options[0].args.c_str());
  CHECK(testing::HasNote(result.notes, "grub.cfg:7: malformed test expression"));
}

TEST(Grub, FunctionsDefinedInASourcedFileAreCalledByTheFileThatSourcedIt) {
  // script/function.c keeps one list of functions for the whole run.
  device.File("/boot/grub/functions.cfg",
              "function f2 { f1 \"$1\"; menuentry \"f2$1\" { linux /f2 }; }\n");
  ConfigResult result = RunGrub(device,
                                "function f1 { menuentry \"f1$1\" { linux /f1 }; }\n"
                                "source $prefix/functions.cfg\n"
                                "f2 a\n");
  UNSIGNED_LONGS_EQUAL(2, result.options.size());
  STRCMP_EQUAL("f1a", result.options[0].name.c_str());
  STRCMP_EQUAL("f2a", result.options[1].name.c_str());
  UNSIGNED_LONGS_EQUAL(0, result.notes.size());
}

TEST(Grub, BlscfgReadsAnEntrysFieldsAsRhbootDoes) {
  device.File("/loader/entries/a.conf",
              "title $os_name ($version_name)\nversion 6.1\nlinux /boot/vmlinuz-6.1\n"
              "initrd /boot/initramfs-6.1.img\ninitrd $tuned_initrd\n"
              "options   $kernelopts   debug\noptions ignored\n");
  device.File("/loader/entries/b.conf", "title B\nversion 5.1\nlinux /boot/vmlinuz-5.1\n");
  device.File("/grub2/grubenv",
              "# GRUB Environment Block\nkernelopts=root=/dev/vda2 ro\ntuned_initrd=/t.img\n#");
  ConfigResult result = RunGrub(device,
                                "set os_name=\"Fedora Linux\"\nset version_name=39\n"
                                "set default_kernelopts=\"root=/dev/vda3\"\n"
                                "set early_initrd=\"ucode.img fw.img\"\n"
                                "set devicetree=p9.dtb\nload_env\nblscfg\n",
                                "/grub2/grub.cfg");
  UNSIGNED_LONGS_EQUAL(2, result.options.size());
  const ConfigOption& a = result.options[0];
  STRCMP_EQUAL("Fedora Linux (39)", a.name.c_str());
  // The first options line only; words separated by one blank.
  STRCMP_EQUAL("root=/dev/vda2 ro debug", a.args.c_str());
  // $early_initrd's files in the first initrd's directory, before the entry's own.
  UNSIGNED_LONGS_EQUAL(4, a.initrds.size());
  STRCMP_EQUAL("/boot/ucode.img", a.initrds[0].path.c_str());
  STRCMP_EQUAL("/boot/fw.img", a.initrds[1].path.c_str());
  STRCMP_EQUAL("/boot/initramfs-6.1.img", a.initrds[2].path.c_str());
  STRCMP_EQUAL("/t.img", a.initrds[3].path.c_str());
  // $devicetree in the kernel's directory when the entry names none.
  STRCMP_EQUAL("/boot/p9.dtb", a.dtb->path.c_str());
  // No options line: $default_kernelopts.
  STRCMP_EQUAL("root=/dev/vda3", result.options[1].args.c_str());
  STRCMP_EQUAL("/boot/ucode.img", result.options[1].initrds[0].path.c_str());
}

TEST(Grub, ANulByteEndsItsLine) {
  // grub reads lines into C strings: after a NUL nothing of the line is seen, an open quote
  // included.
  const std::string text = std::string("menuentry A { linux /a }") + '\0' +
                           " 'unterminated\nmenuentry B {" + '\0' + "}}}\n linux /b\n}\n";
  ConfigResult result = RunGrub(device, text);
  UNSIGNED_LONGS_EQUAL(2, result.options.size());
  STRCMP_EQUAL("/b", result.options[1].kernel.path.c_str());
  UNSIGNED_LONGS_EQUAL(0, result.notes.size());
}

TEST(Grub, BlocksAndFunctionsFollowGrubsGrammar) {
  // script/parser.y: a block belongs to the command before it, and is never empty; a function is
  // a statement of the script itself, its body ends with a delimiter before '}'.
  ConfigResult result = RunGrub(device,
                                "unknown_command arg { echo inside }\n"
                                "{ echo alone; }\n"
                                "function bad { echo }\n"
                                "menuentry Empty { }\n"
                                "if true; then function inner { echo; }; fi\n"
                                "function good {\n menuentry Good { linux /g }\n}\n"
                                "good\n");
  UNSIGNED_LONGS_EQUAL(1, result.options.size());
  STRCMP_EQUAL("Good", result.options[0].name.c_str());
  CHECK(testing::HasNote(result.notes, "grub.cfg:1: unknown command 'unknown_command'"));
  CHECK(testing::HasNote(result.notes, "grub.cfg:2: syntax error: unexpected '{'"));
  CHECK(testing::HasNote(result.notes, "grub.cfg:3: syntax error: ';' or a newline expected"));
  CHECK(testing::HasNote(result.notes, "grub.cfg:4: syntax error: empty block"));
  CHECK(
      testing::HasNote(result.notes, "grub.cfg:5: syntax error: function defined inside a block"));
}

TEST(Grub, StatementsEndWithADelimiter) {
  // parser.y: statements are joined by delimiters; only a block's '}' needs none before it.
  ConfigResult result = RunGrub(device,
                                "menuentry One { linux /one } echo after\n"
                                "if true; then set x=1; fi echo after\n"
                                "if true; then menuentry Two { linux /two } fi\n"
                                "menuentry Three { if true; then linux /three; fi }\n"
                                "menuentry Four { linux /four }; echo after\n");
  UNSIGNED_LONGS_EQUAL(2, result.options.size());
  STRCMP_EQUAL("Three", result.options[0].name.c_str());
  STRCMP_EQUAL("Four", result.options[1].name.c_str());
  CHECK(testing::HasNote(result.notes,
                         "grub.cfg:1: syntax error: ';' or a newline expected after a command"));
  CHECK(testing::HasNote(result.notes,
                         "grub.cfg:2: syntax error: ';' or a newline expected after a command"));
  CHECK(testing::HasNote(result.notes,
                         "grub.cfg:3: syntax error: ';' or a newline expected after a command"));
}
