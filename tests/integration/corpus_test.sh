#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The configuration corpus judged by what did not write it. Every case of tests/data/config/ says
# where its expectation came from (a non-empty PROVENANCE.md). GRUB's own parser,
# grub-script-check (grub-common), decides at test time which grub files parse, and baton must
# report a syntax error exactly where GRUB does: the corpus's grub.cfg files and the *.cfg files
# its grub.cfg files source, the fuzz seeds that are whole files a distribution writes, and the
# small files of tests/data/grub-syntax/. Prints TAP-style "ok"/"not ok" lines.
#
# baton's verdict is its notes on standard error: "baton discover: note: DEVICE: PATH:LINE:
# syntax error: ..." (bootloader/config/grub_script.cc). A corpus file is judged on its own
# machine when baton reads it there (a probe shows it: the file replaced by an unknown command,
# which baton names); a corpus grub.cfg that baton does not read there (a snapshot's copy), a
# seed and a grub-syntax file are judged alone, as /boot/grub/grub.cfg of a one-disk folder.
set -u
cd "$(dirname "$0")/../.."
root=$PWD
. tests/integration/lib.sh
baton=$root/build/host/baton
corpus=$root/tests/data/config
seeds=$root/tests/fuzz/corpus/grub
own=$root/tests/data/grub-syntax
work=$root/build/test-work/corpus
rm -rf "$work" && mkdir -p "$work"
cd "$work"
require_program "$baton"
if ! command -v grub-script-check >/dev/null; then
  not_ok "grub-script-check is installed (grub-common)"
  exit 1
fi

# ---- every case says where its expectation came from ------------------------------------------
cases=0
for dir in "$corpus"/*/; do
  name=$(basename "$dir")
  cases=$((cases + 1))
  check "$name: PROVENANCE.md says where expected.json came from" test -s "$dir/PROVENANCE.md"
done
check "the corpus has its cases ($cases, at least 8)" test "$cases" -ge 8

# ---- the judges ---------------------------------------------------------------------------------
# GRUB's verdict on FILE: "parses", "parses (no commands)", "a syntax error (line N)", or
# "unknown ..." when grub-script-check says something else. It exits 1 both for a syntax error
# and for a file with nothing to run; only the first is a syntax error.
grub_verdict() {
  local out status line
  out=$(grub-script-check "$1" 2>&1)
  status=$?
  if [ "$status" -eq 0 ]; then
    echo "parses"
  elif line=$(grep -m 1 -oE 'Syntax error at line [0-9]+' <<<"$out"); then
    echo "a syntax error (line ${line##* })"
  elif [ "$status" -eq 1 ] && grep -q 'contains no commands' <<<"$out"; then
    echo "parses (no commands)"
  else
    echo "unknown (exit $status: $(head -n 1 <<<"$out"))"
  fi
}
# discover DISKS NOTES: baton discover on a folder of disks, its notes in NOTES.
discover() { "$baton" discover --disks "$1" --json >"$2.json" 2>"$2"; }
# baton's verdict on PATH of DEVICE from the NOTES of a run: "parses" or "a syntax error (line
# N: message)", the first one it names.
baton_verdict() {
  local first
  first=$(grep -F -- "baton discover: note: $2: $3:" "$1" | grep -F -m 1 ': syntax error: ')
  if [ -z "$first" ]; then
    echo "parses"
  else
    echo "a syntax error (line $(sed -E 's/.*:([0-9]+): syntax error: (.*)/\1: \2/' <<<"$first"))"
  fi
}
# reads_as_grub MACHINE DEVICE PATH: whether baton reads PATH of DEVICE as a grub script when it
# discovers MACHINE (a copy with that one file replaced by an unknown command).
probe=baton_corpus_probe
reads_as_grub() {
  rm -rf "$work/probe" && cp -a "$1" "$work/probe"
  printf '%s\n' "$probe" >"$work/probe/$2$3"
  discover "$work/probe" "$work/probe.notes"
  grep -qF -- "baton discover: note: $2: $3:1: unknown command '$probe'" "$work/probe.notes"
}
# alone FILE: FILE as the only file of a one-disk folder, at a place baton reads grub.cfg; the
# notes in $work/alone.notes.
alone() {
  rm -rf "$work/alone" && mkdir -p "$work/alone/sda1/boot/grub"
  cp "$1" "$work/alone/sda1/boot/grub/grub.cfg"
  discover "$work/alone" "$work/alone.notes"
}
judged=0 grub_rejects=0 grub_accepts=0
# judge FILE GRUB BATON HOW: one line; ok when both parse or both find a syntax error.
judge() {
  local file=$1 grub=$2 said=$3 how=$4
  judged=$((judged + 1))
  case $grub in
    unknown*) not_ok "grub syntax: $file: grub-script-check's verdict is $grub"; return ;;
    parses*) grub_accepts=$((grub_accepts + 1)) ;;
    *) grub_rejects=$((grub_rejects + 1)) ;;
  esac
  if [ "${grub%% *}" = "${said%% *}" ]; then
    ok "grub syntax: $file: grub-script-check: $grub; baton: $said ($how)"
  else
    not_ok "grub syntax: $file: grub-script-check: $grub; baton: $said ($how)"
  fi
}
judge_alone() {  # judge_alone FILE SHOWN
  if ! alone "$1"; then
    not_ok "grub syntax: $2: baton discover runs"; sed 's/^/    /' "$work/alone.notes"; return
  fi
  judge "$2" "$(grub_verdict "$1")" "$(baton_verdict "$work/alone.notes" sda1 /boot/grub/grub.cfg)" alone
}

# The place a lone file is put must be one baton reads, or every "parses" below would be empty.
printf '%s\n' "$probe" >"$work/probe.cfg"
if alone "$work/probe.cfg" &&
   grep -qF "baton discover: note: sda1: /boot/grub/grub.cfg:1: unknown command '$probe'" "$work/alone.notes"; then
  ok "baton reads a lone disk's /boot/grub/grub.cfg (where files are judged alone)"
else
  not_ok "baton reads a lone disk's /boot/grub/grub.cfg (where files are judged alone)"
fi

# ---- the corpus's grub files --------------------------------------------------------------------
corpus_judged=0
for machine in "$corpus"/*/machine; do
  case=$(basename "$(dirname "$machine")")
  if ! discover "$machine" "$work/$case.notes"; then
    not_ok "$case: baton discover runs on its machine"; sed 's/^/    /' "$work/$case.notes"; continue
  fi
  while IFS= read -r -d '' file; do
    relative=${file#"$machine"/}
    device=${relative%%/*} path=/${relative#*/}
    shown=tests/data/config/$case/machine/$relative
    if reads_as_grub "$machine" "$device" "$path"; then
      judge "$shown" "$(grub_verdict "$file")" "$(baton_verdict "$work/$case.notes" "$device" "$path")" \
        "on its machine"
    elif [ "$(basename "$file")" = grub.cfg ]; then
      judge_alone "$file" "$shown"
    else
      echo "# not judged: $shown (not read as a grub script on its machine: another bootloader's file)"
      continue
    fi
    corpus_judged=$((corpus_judged + 1))
  done < <(find "$machine" -type f -iname '*.cfg' -print0 | sort -z)
done
check "corpus: $corpus_judged grub files judged (at least 5)" test "$corpus_judged" -ge 5

# ---- fuzz seeds that are whole files -------------------------------------------------------------
# A seed is judged when it is a whole file as a distribution writes it: a grub.cfg with
# grub-mkconfig's header, or a copy of a corpus file. The others are fuzzer-made fragments or
# a synthetic tour of constructs, and the grubenv seed is no script.
for seed in "$seeds"/*; do
  shown=tests/fuzz/corpus/grub/$(basename "$seed")
  whole=
  if grep -qE 'automatically generated by grub2?-mkconfig' "$seed"; then
    whole=yes
  else
    while IFS= read -r -d '' file; do
      if cmp -s "$seed" "$file"; then whole=yes; break; fi
    done < <(find "$corpus" -path '*/machine/*' -type f -iname '*.cfg' -print0)
  fi
  if [ -z "$whole" ]; then echo "# not judged: $shown (not a whole grub.cfg)"; continue; fi
  judge_alone "$seed" "$shown"
done

# ---- the grub fuzz corpus --------------------------------------------------------------------------
# Every input the grub fuzz target keeps (build/fuzz-corpus/grub, grown by the fuzz suite of each
# `make check`) and every committed seed, judged alone: mostly garbage, which is the point, since
# grub and baton must agree about garbage too. One line for the lot, naming the first disagreements.
fuzz_files=0 fuzz_agree=0 fuzz_unknown=0 fuzz_disagree=()
for file in "$root"/build/fuzz-corpus/grub/* "$seeds"/*; do
  [ -f "$file" ] || continue
  fuzz_files=$((fuzz_files + 1))
  grub=$(grub_verdict "$file")
  case $grub in unknown*) fuzz_unknown=$((fuzz_unknown + 1)); continue ;; esac
  if ! alone "$file"; then fuzz_disagree+=("${file#"$root"/} (baton discover failed)"); continue; fi
  said=$(baton_verdict "$work/alone.notes" sda1 /boot/grub/grub.cfg)
  if [ "${grub%% *}" = "${said%% *}" ]; then
    fuzz_agree=$((fuzz_agree + 1))
  else
    fuzz_disagree+=("${file#"$root"/}: grub-script-check: $grub; baton: $said")
  fi
done
if [ "${#fuzz_disagree[@]}" -eq 0 ] && [ "$fuzz_files" -ge 8 ]; then
  ok "grub fuzz corpus: grub-script-check and baton agree on all $fuzz_agree files ($fuzz_unknown with no verdict)"
else
  not_ok "grub fuzz corpus: $fuzz_agree of $fuzz_files files agree, ${#fuzz_disagree[@]} do not"
  printf '    %s\n' "${fuzz_disagree[@]:0:10}"
fi

# ---- small files, each one construct -------------------------------------------------------------
before_rejects=$grub_rejects before_accepts=$grub_accepts
for file in "$own"/*.cfg; do
  judge_alone "$file" "tests/data/grub-syntax/$(basename "$file")"
done
own_rejects=$((grub_rejects - before_rejects)) own_accepts=$((grub_accepts - before_accepts))
check "grub-syntax: GRUB rejects some files ($own_rejects) and accepts others ($own_accepts)" \
  test "$own_rejects" -ge 5 -a "$own_accepts" -ge 5
