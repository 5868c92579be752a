#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tools/deps/guard.sh [--list FILE]: proves that tools/debian-packages.txt (or FILE) names every
# Debian package the build and the host scripts need, so that `make deps` on a fresh Debian 12
# machine installs everything (issue 12: libfdt-dev and tpm2-tools were missing from the list and
# CI passed only because the developer's machine had them by hand). Part of `make check`.
#
# What it checks, on this machine, and how:
#   headers   every `#include <...>` of the project's sources (the files git tracks, plus new
#             files it does not ignore, outside build/, tests/data/ and corpus/: *.cc *.h *.c *.S)
#             is resolved as the compiler would: the #include <...> search list of `g++
#             -std=c++20 -I.` (of `clang++ -std=c++20 -fsanitize=fuzzer -I.` for tests/fuzz/), asked once per
#             compiler, then looked up here. Direct includes only; a header found under the
#             project (-I.) is not checked; one found nowhere is a failure (its -dev package is
#             not even installed).
#   programs  every command word of the host's shell scripts (*.sh and extensionless files with a
#             shell #! line; tools/image/init, tests/e2e/guest/e2e-driver and any #!/bin/sh
#             script whose header says it runs in the guest or is the boot image's /init are
#             skipped: they run on busybox in the guest) and of the make recipes (the Makefile
#             and every *.mk; variables such as $(CXX) are expanded from their assignments, and
#             $(shell ...) counts too) is resolved with PATH plus /usr/sbin:/sbin.
#   Each resolved path is mapped to its package with one `dpkg -S` call: the path and its real
#   target (readlink -f: /usr/bin/awk -> /etc/alternatives/awk -> /usr/bin/mawk), each also in its
#   other merged-/usr spelling (dpkg knows /bin/bash, not /usr/bin/bash). A program needs the
#   package of the name it is called by and the package of the file that runs (g++: g++ and
#   g++-12). A package passes when the list names it or it is Priority: required or Essential:
#   yes (in every Debian root, even mmdebstrap --variant=minbase); being a dependency of a listed
#   package is not enough: list it. A resolved file that no package owns (installed by hand) fails.
#
# Output: TAP-style "ok - ..." / "not ok - ..." lines, one per header and per program; a failure
# names the file (the header, or the program and the scripts that run it) and the package the list
# lacks. "#" lines inform. Exit status 1 when anything failed.
#
# Limits of the command-word heuristic (it errs on the side of checking more):
#   - A word is a command at the start of a simple command (line start, after | || && ; & ( $( `
#     <( >( then do else elif if while until ! { and case patterns), after assignments, after the
#     prefixes timeout, env, nice, nohup, setsid, stdbuf, xargs, time, flock, exec, command,
#     builtin and sudo (sudo itself is never checked: `make deps` runs it only when not root and
#     cannot install it), and after `command -v`/`type -P`/`hash`. Comments, quoted text,
#     here-documents with a quoted delimiter, shell keywords and builtins, and the functions the
#     file (or a file it sources with a literal path) defines are skipped.
#   - Quoted code is scanned again: the argument of bash/sh -c, eval, trap, flock -c, env -S and
#     the quoted arguments of tmux new-session/new-window/split-window/pipe-pane/run-shell/....
#   - A function that runs its arguments ("$@" in command position after `shift N`, e.g. lib.sh's
#     check and expect; or, when it compares an argument with --, everything after --) has its
#     calls' command word checked; a function that runs them in another way is not seen through.
#   - $VAR in command position checks the literal values the file assigns to VAR or loops VAR
#     over (sudo=sudo; for tool in qemu-system-ppc64 swtpm ...); an array assignment's first word
#     counts as a command (qemu=(timeout ... qemu-system-ppc64 ...)). Other indirection (a
#     program name built at run time, CROSS_COMPILE=powerpc64le-linux-gnu- for the kernel's make,
#     what a compiler or make runs by itself, what runs inside a chroot or the guest) is not seen.
#   - A word that resolves to no program here is not checked (counted in a "#" line): a program
#     that is not installed on this machine cannot be mapped. Paths relative to the project
#     (tools/..., build/...) are the project's own.
#   - Headers: direct includes only, not what they include; the cross builds (their compilers'
#     own headers and the ppc64el sysroot) are not host headers and are not checked; library
#     sources that the fuzz build also compiles with clang++ are resolved with g++.
set -u
start_time=$EPOCHREALTIME
caller_dir=$PWD
list=tools/debian-packages.txt
usage() { echo "usage: tools/deps/guard.sh [--list FILE]   (default tools/debian-packages.txt)"; }
while [ $# -gt 0 ]; do
  case $1 in
    --list) [ $# -ge 2 ] || { usage >&2; exit 2; }; list=$2; shift 2 ;;
    --list=*) list=${1#--list=}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/../.." || exit 1
case $list in
  /*) list_path=$list ;;
  *) if [ "$list" = tools/debian-packages.txt ]; then list_path=$PWD/$list; else list_path=$caller_dir/$list; fi ;;
esac
failed=0
fail() { echo "not ok - $*"; failed=$((failed + 1)); }
if [ ! -s "$list_path" ]; then fail "the package list $list exists and is not empty"; exit 1; fi
for tool in dpkg dpkg-query; do
  command -v "$tool" >/dev/null || { fail "$tool is installed (the guard maps files to packages with it)"; exit 1; }
done
declare -A listed=()
while read -r package _; do
  case $package in '' | '#'*) ;; *) listed[$package]=1 ;; esac
done <"$list_path"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/baton-deps-guard.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# ---- the files ------------------------------------------------------------------------------------
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t all < <(git ls-files -co --exclude-standard)
else
  echo "# not a git work tree: every file outside build/ is scanned"
  mapfile -t all < <(find . -path ./build -prune -o -path ./.git -prune -o -type f -print | sed 's|^\./||')
fi
sources=() makefiles=() scripts=() others=()
for file in "${all[@]}"; do
  [ -f "$file" ] || continue  # tracked, but deleted in the work tree
  case $file in
    build/* | tests/data/* | */corpus/*) ;;
    *.cc | *.h | *.c | *.S) sources+=("$file") ;;
    Makefile | */Makefile | *.mk) makefiles+=("$file") ;;
    *.sh) scripts+=("$file") ;;
    *) base=${file##*/}
       [[ $base == *.* ]] || others+=("$file") ;;  # no extension: a script if its #! line says so
  esac
done
if [ ${#others[@]} -gt 0 ]; then  # extensionless scripts: a shell on the #! line
  mapfile -t -O ${#scripts[@]} scripts < <(awk 'FNR == 1 {
      if ($0 ~ /^#![ \t]*[^ \t]*\/(env[ \t]+)?(ba|da|k|z)?sh([ \t]|$)/) print FILENAME; nextfile }' "${others[@]}")
fi
guest_files=" tools/image/init tests/e2e/guest/e2e-driver "
host_scripts=() guest=()
for file in "${scripts[@]}"; do
  first=
  IFS= read -r first <"$file"
  if [[ $guest_files == *" $file "* ]] ||
     { [[ $first == '#!/bin/sh'* ]] && head -n 12 "$file" | grep -qiE 'in the guest|^# /init of'; }; then
    guest+=("$file")
  else
    host_scripts+=("$file")
  fi
done
[ ${#guest[@]} -eq 0 ] || echo "# not checked (they run in the guest): ${guest[*]}"

# ---- the command words (tools/deps/guard.sh's own scanners, in awk) ---------------------------
IFS= read -r -d '' commands_awk <<'AWK'
# The shell command-word scanner: awk -v builtins=... -v mkprefix=DIR/ PROGRAM pass=1 FILES pass=2 FILES
# (mawk or any POSIX awk; files under mkprefix are make's commands, one shell command per line).
# Pass 1 learns each file's functions (and which of them run their arguments, "$@" after
# shift N), the files it sources, literal variable values and for-lists; pass 2 prints
# FILE<TAB>LINE<TAB>WORD for every word in command position that may be a program.
BEGIN {
  n = split(builtins, a, " "); for (i = 1; i <= n; i++) BUILTIN[a[i]] = 1
  n = split("if then else elif do while until ! { coproc time", a, " "); for (i = 1; i <= n; i++) KEEP[a[i]] = 1
  n = split("if then else elif fi do done while until for select case esac in function time coproc { } ! [[ ]]", a, " ")
  for (i = 1; i <= n; i++) KEYWORD[a[i]] = 1
  n = split("timeout env sudo nice nohup setsid stdbuf xargs time flock", a, " "); for (i = 1; i <= n; i++) PREFIX[a[i]] = 1
}
FNR == 1 {
  FN = FILENAME; RECIPE = 0
  if (mkprefix != "" && index(FN, mkprefix) == 1) { FN = substr(FN, length(mkprefix) + 1); RECIPE = 1 }
  sub(/^\.\//, "", FN)
  reset_file()
  if (pass == 2) known()
}
{ if (RECIPE) reset_file(); scanline($0) }

function reset_file() { D = 0; EL = 0; NMK = 0; BD = 0; FSP = 0; hdn = 0; hdcur = 0; inhd = 0; pushsh("") }
function known(   n, a, j, f, alt) {
  delete KNOWN; delete KWRAP; delete KDASH
  n = split(SRCS[FN], a, " ")
  for (j = 1; j <= n; j++) {
    f = a[j]; sub(/^\.\//, "", f)
    if (!(f in FUNCS)) { alt = FN; sub(/[^\/]*$/, "", alt); alt = alt f; if (alt in FUNCS) f = alt }
    addknown(f)
  }
  addknown(FN)
}
function addknown(f,   m, b, k) {
  if (!(f in FUNCS)) return
  m = split(FUNCS[f], b, " ")
  for (k = 1; k <= m; k++) {
    KNOWN[b[k]] = 1
    if ((f SUBSEP b[k]) in WRAP) KWRAP[b[k]] = WRAP[f SUBSEP b[k]]; else if (b[k] in KWRAP) delete KWRAP[b[k]]
    if ((f SUBSEP b[k]) in DASH) KDASH[b[k]] = 1; else if (b[k] in KDASH) delete KDASH[b[k]]
  }
}

# ---- frames: SH (shell code), SQ, AQ ($'...'), DQ, HD (here-document body), PARAM (${...}), ARITH
function newframe(t) { D++; T[D] = t; MKI[D] = 0; PD[D] = 0; OWN[D] = 0 }
function pushsh(closer) {
  newframe("SH"); CL[D] = closer
  INW[D] = 0; WV[D] = ""; WL[D] = 1; WQ[D] = 0; WFQ[D] = 0
  ST[D] = "cmd"; CN[D] = ""; SK[D] = 0; INCASE[D] = 0; PAT[D] = 0; REDIR[D] = 0; ARR[D] = 0; PDP[D] = 0
  FDEF[D] = 0; JUSTW[D] = 0; JUSTF[D] = 0; CODE[D] = 0; HDNEXT[D] = 0; PRECONS[D] = 0; ARGN[D] = 0; FLOCKF[D] = 0
}
function owner() { return T[D] == "SH" ? D : OWN[D] }
function pushx(t,   o) { o = owner(); newframe(t); OWN[D] = o }
function pushq(t, s, i,   o, k) {
  o = owner(); newframe(t); OWN[D] = o
  if (o > 0 && o == D - 1 && CODE[o] > 0) { k = ++NMK; MKI[D] = k; MKP[k] = i + 1; MKBUF[k] = ""; MKEL[k] = EL; MKON[k] = 1 }
}
function popf() { if (MKI[D]) MKON[MKI[D]] = 0; D-- }
function popto(n) { while (D > n) popf() }
function startw(d) { if (!INW[d]) { INW[d] = 1; WV[d] = ""; WL[d] = 1; WQ[d] = 0; WFQ[d] = 0 } }
function addw(c,   o) { o = owner(); if (o > 0) WV[o] = WV[o] c }
function noteexp(   o) { o = owner(); if (o > 0) WL[o] = 0 }
function wend(d) { if (INW[d]) { INW[d] = 0; word(d, WV[d], WL[d], WQ[d], WFQ[d]) } }
# A quoted string that is code (bash -c, eval, trap, tmux new-session ...) is scanned again as shell.
function closeq(s, i,   k, t, txt) {
  k = MKI[D]; t = T[D]
  if (k && MKON[k]) { txt = MKBUF[k] substr(s, MKP[k], i - MKP[k]); MKON[k] = 0; MKI[D] = 0; D--; embed(txt, t); return }
  popf()
}
function embed(txt, t,   base, n, j, lines, bd, fsp) {
  if (t == "DQ") txt = undq(txt)
  base = D; bd = BD; fsp = FSP; EL++
  pushsh("")
  n = split(txt, lines, "\n")
  for (j = 1; j <= n; j++) lex(lines[j])
  popto(base); EL--; BD = bd; FSP = fsp
}
function undq(s,   out, i, n, c, c2) {
  out = ""; n = length(s)
  for (i = 1; i <= n; i++) {
    c = substr(s, i, 1)
    if (c == "\\" && i < n) {
      c2 = substr(s, i + 1, 1)
      if (c2 == "\\" || c2 == "\"" || c2 == "$" || c2 == "`") { out = out c2; i++; continue }
      if (c2 == "\n") { i++; continue }
    }
    out = out c
  }
  return out
}
function dollar(s, i,   c2, t, rest) {
  noteexp(); t = T[D]; c2 = substr(s, i + 1, 1)
  if (c2 == "(") { if (substr(s, i + 2, 1) == "(") { pushx("ARITH"); return i + 3 } ; pushsh(")"); return i + 2 }
  if (c2 == "{") {
    rest = substr(s, i + 2)
    if (match(rest, /^[A-Za-z_][A-Za-z0-9_]*\}/)) { addw("$" substr(rest, 1, RLENGTH - 1)); return i + 2 + RLENGTH }
    pushx("PARAM"); return i + 2
  }
  if (c2 == "'" && (t == "SH" || t == "PARAM")) { pushq("AQ", s, i + 1); return i + 2 }
  if (c2 == "\"" && t == "SH") { pushq("DQ", s, i + 1); return i + 2 }
  rest = substr(s, i + 1)
  if (match(rest, /^[A-Za-z_][A-Za-z0-9_]*/)) { addw("$" substr(rest, 1, RLENGTH)); return i + 1 + RLENGTH }
  if (c2 != "" && index("0123456789@*#?$!-", c2)) { addw("$" c2); return i + 2 }
  addw("$"); return i + 1
}

function scanline(s,   t) {
  if (inhd) {
    t = s; if (HDSTR[hdcur]) sub(/^\t+/, "", t)
    if (t == HDDELIM[hdcur]) {
      if (HDEXP[hdcur]) popto(hdbase)
      if (++hdcur > hdn) { inhd = 0; hdn = 0 } else starthd()
      return
    }
    if (HDEXP[hdcur]) lex(s)
    return
  }
  lex(s)
  if (hdn > 0) { inhd = 1; hdcur = 1; starthd() }
}
function starthd() { if (HDEXP[hdcur]) { hdbase = D; newframe("HD") } }

function lex(s,   i, n, c, c2, t, d, cont, k) {
  n = length(s); i = 1; cont = 0
  while (i <= n) {
    c = substr(s, i, 1); t = T[D]
    if (t == "SQ") { if (c == "'") closeq(s, i); else addw(c); i++; continue }
    if (t == "AQ") { if (c == "\\") { i += 2; continue } ; if (c == "'") closeq(s, i); i++; continue }
    if (t == "DQ" || t == "HD") {
      if (c == "\\") { if (i == n) { cont = 1; i++; continue } ; addw(substr(s, i + 1, 1)); i += 2; continue }
      if (c == "\"" && t == "DQ") { closeq(s, i); i++; continue }
      if (c == "$") { i = dollar(s, i); continue }
      if (c == "`") { noteexp(); pushsh("`"); i++; continue }
      addw(c); i++; continue
    }
    if (t == "PARAM") {
      if (c == "\\") { i += 2; continue }
      if (c == "{") { PD[D]++; i++; continue }
      if (c == "}") { if (PD[D] > 0) PD[D]--; else popf(); i++; continue }
      if (c == "'") { pushq("SQ", s, i); i++; continue }
      if (c == "\"") { pushq("DQ", s, i); i++; continue }
      if (c == "$") { i = dollar(s, i); continue }
      if (c == "`") { pushsh("`"); i++; continue }
      i++; continue
    }
    if (t == "ARITH") {
      if (c == "$") { i = dollar(s, i); continue }
      if (c == "`") { pushsh("`"); i++; continue }
      if (c == "(") { PD[D]++; i++; continue }
      if (c == ")") { if (PD[D] > 0) { PD[D]--; i++ } else { popf(); i += 2 } ; continue }
      i++; continue
    }
    d = D
    if (c == " " || c == "\t" || c == "\r") { wend(d); i++; continue }
    if (c == "\\") {
      if (i == n) { cont = 1; i++; continue }
      startw(d); WQ[d] = 1; WV[d] = WV[d] substr(s, i + 1, 1); i += 2; continue
    }
    if (c == "#" && !INW[d]) break
    if (c == "'" || c == "\"") {
      if (!INW[d]) { startw(d); WFQ[d] = 1 }
      WQ[d] = 1; pushq(c == "'" ? "SQ" : "DQ", s, i); i++; continue
    }
    if (c == "`") { if (CL[d] == "`") { wend(d); popf(); i++; continue } ; startw(d); WL[d] = 0; pushsh("`"); i++; continue }
    if (c == "$") { startw(d); i = dollar(s, i); continue }
    if (c == "|") { wend(d); c2 = substr(s, i + 1, 1); op(d, c2 == "|" ? "||" : "|"); i += (c2 == "|" || c2 == "&") ? 2 : 1; continue }
    if (c == "&") {
      wend(d); c2 = substr(s, i + 1, 1)
      if (c2 == "&") { op(d, "&&"); i += 2; continue }
      if (c2 == ">") { REDIR[d] = 1; i += 2; if (substr(s, i, 1) == ">") i++; continue }
      op(d, "&"); i++; continue
    }
    if (c == ";") {
      wend(d); c2 = substr(s, i + 1, 1)
      if (c2 == ";" || c2 == "&") { op(d, ";;"); i += 2; if (substr(s, i, 1) == "&") i++; continue }
      op(d, ";"); i++; continue
    }
    if (c == "<" || c == ">") {
      c2 = substr(s, i + 1, 1)
      if (c2 == "(") { wend(d); startw(d); WL[d] = 0; pushsh(")"); i += 2; continue }
      if (INW[d] && WL[d] && !WQ[d] && (WV[d] ~ /^[0-9]+$/ || WV[d] ~ /^\{[A-Za-z_][A-Za-z0-9_]*\}$/)) INW[d] = 0
      else wend(d)
      if (c == "<" && c2 == "<") {
        if (substr(s, i + 2, 1) == "<") { REDIR[d] = 1; i += 3; continue }
        HDNEXT[d] = 1; HDSTRIP[d] = 0; i += 2
        if (substr(s, i, 1) == "-") { HDSTRIP[d] = 1; i++ }
        continue
      }
      REDIR[d] = 1; i++; c2 = substr(s, i, 1); if (c2 == ">" || c2 == "&" || c2 == "|") i++
      continue
    }
    if (c == "(") {
      if (INW[d] && !WFQ[d] && WV[d] ~ /^[A-Za-z_][A-Za-z0-9_]*\+?=$/) {
        # name=(...): its first word counts as a command (qemu=(timeout ... qemu-system-ppc64 ...))
        ARR[d] = 1; ARRSAVE[d] = ST[d]; ST[d] = WV[d] ~ /\+=$/ ? "arg" : "cmd"; INW[d] = 0; i++; continue
      }
      wend(d)
      if (substr(s, i + 1, 1) == "(" && (ST[d] == "cmd" || ST[d] == "for") && !JUSTW[d]) { pushx("ARITH"); i += 2; continue }
      op(d, "("); i++; continue
    }
    if (c == ")") { wend(d); i++; closeparen(d); continue }
    startw(d); WV[d] = WV[d] c; i++
  }
  if (!cont) {
    t = T[D]
    if (t == "SH") { wend(D); op(D, "\n") }
    else if (t == "SQ" || t == "DQ" || t == "AQ") addw("\n")
  }
  for (k = 1; k <= NMK; k++) if (MKON[k] && MKEL[k] == EL) { MKBUF[k] = MKBUF[k] substr(s, MKP[k]) "\n"; MKP[k] = 1 }
}

function op(d, o) {
  if (o == "(") {
    if (JUSTF[d] || JUSTW[d]) { if (!JUSTF[d]) deffunc(LASTW[d]); FDEF[d] = 1; JUSTW[d] = 0; JUSTF[d] = 0; return }
    if (PAT[d] || ARR[d] || ST[d] == "test") return
    if (ST[d] == "cmd") PDP[d]++
    return
  }
  JUSTW[d] = 0; JUSTF[d] = 0
  if (PAT[d] || ARR[d] || ST[d] == "test") return
  REDIR[d] = 0; CODE[d] = 0; PRECONS[d] = 0
  if (o == ";;" && INCASE[d] > 0) PAT[d] = 1
  ST[d] = "cmd"; CN[d] = ""
}
function closeparen(d) {
  JUSTW[d] = 0
  if (ARR[d]) { ARR[d] = 0; ST[d] = ARRSAVE[d]; return }
  if (ST[d] == "test") return
  if (PAT[d]) { PAT[d] = 0; ST[d] = "cmd"; return }
  if (FDEF[d]) { FDEF[d] = 0; ST[d] = "cmd"; return }
  if (PDP[d] > 0) { PDP[d]--; ST[d] = "arg"; return }
  if (CL[d] == ")") popf()
}
function deffunc(name) {
  if (pass == 1) FUNCS[FN] = FUNCS[FN] " " name
  FSTK[++FSP] = name; FDEP[FSP] = BD
}

function word(d, v, lit, q, fq,   s) {
  JUSTW[d] = 0
  if (ST[d] == "test") { if (v == "]]" && lit && !q) ST[d] = "arg"; else if (v == "--" && pass == 1 && FSP > 0) DASH[FN SUBSEP FSTK[FSP]] = 1; return }
  if (REDIR[d]) { REDIR[d] = 0; return }
  if (HDNEXT[d]) {
    HDNEXT[d] = 0
    if (EL == 0 && !RECIPE) { hdn++; HDDELIM[hdn] = v; HDEXP[hdn] = !q; HDSTR[hdn] = HDSTRIP[d] }
    return
  }
  if (PAT[d]) { if (v == "esac" && lit && !q) { INCASE[d]--; PAT[d] = 0; ST[d] = "arg" } ; return }
  s = ST[d]
  if (s == "arg") { argword(d, v, lit, q); return }
  if (s == "cmd") { cmdword(d, v, lit, q, fq); return }
  if (s == "skip") { if (--SK[d] <= 0) ST[d] = "cmd"; return }
  if (s == "dashskip") { if (v == "--" && lit) ST[d] = "cmd"; return }
  if (s == "for") { FORVAR[d] = v; ST[d] = "forin"; return }
  if (s == "forin") { ST[d] = (v == "in") ? "forlist" : "arg"; return }
  if (s == "forlist") { if (lit && pass == 1) FORL[FN SUBSEP FORVAR[d]] = FORL[FN SUBSEP FORVAR[d]] " " v; return }
  if (s == "case") { ST[d] = "casein"; return }
  if (s == "casein") { if (v == "in") { INCASE[d]++; PAT[d] = 1; ST[d] = "cmd" } ; return }
  if (s == "fname") { deffunc(v); JUSTF[d] = 1; ST[d] = "cmd"; return }
  if (s == "source") { if (lit && pass == 1) SRCS[FN] = SRCS[FN] " " v; ST[d] = "arg"; return }
  if (s == "shift") { if (pass == 1 && v ~ /^[0-9]+$/ && FSP > 0) SHIFTN[FN SUBSEP FSTK[FSP]] += v - 1; ST[d] = "arg"; return }
  if (s == "cmdv") {
    if (v ~ /^-/) return
    if (lit) progword(v); else if (v ~ /^\$[A-Za-z_][A-Za-z0-9_]*$/) varcmd(d, substr(v, 2), 0)
    return
  }
  if (substr(s, 1, 4) == "pre:") prefixword(d, substr(s, 5), v, lit, q, fq)
}

function cmdword(d, v, lit, q, fq,   name, val) {
  if (!fq && v ~ /^[A-Za-z_][A-Za-z0-9_]*(\[[^]]*\])?\+?=/) {
    name = v; sub(/[[+=].*$/, "", name)
    val = v; sub(/^[^=]*=/, "", val)
    if (pass == 1 && lit && val ~ /^[A-Za-z0-9_.+\/-]+$/) ASSIGN[FN SUBSEP name] = ASSIGN[FN SUBSEP name] " " val
    return
  }
  if (lit && !q) {
    if (v in KEEP) { if (v == "{") BD++; if (v == "time") ST[d] = "pre:time"; return }
    if (v == "}") { BD--; while (FSP > 0 && BD <= FDEP[FSP]) FSP--; ST[d] = "arg"; return }
    if (v == "fi" || v == "done") { ST[d] = "arg"; return }
    if (v == "esac") { if (INCASE[d] > 0) INCASE[d]--; ST[d] = "arg"; return }
    if (v == "for" || v == "select") { ST[d] = "for"; return }
    if (v == "case") { ST[d] = "case"; return }
    if (v == "[[") { ST[d] = "test"; return }
    if (v == "function") { ST[d] = "fname"; return }
    if (v == "in") return
  }
  ST[d] = "arg"; CN[d] = ""; ARGN[d] = 0
  if (!lit) {
    if (v == "$@" && !ARR[d]) { if (pass == 1 && FSP > 0) WRAP[FN SUBSEP FSTK[FSP]] = SHIFTN[FN SUBSEP FSTK[FSP]] + 0; return }
    if (v ~ /^\$[A-Za-z_][A-Za-z0-9_]*$/) varcmd(d, substr(v, 2), 1)
    return
  }
  if (v == "" || v ~ /^-/) return
  JUSTW[d] = 1; LASTW[d] = v
  if (pass == 2 && (v in KNOWN)) {
    CN[d] = v
    if (v in KWRAP) { SK[d] = KWRAP[v]; ST[d] = SK[d] > 0 ? "skip" : "cmd" }
    if ((v in KWRAP) && (v in KDASH)) ST[d] = "dashskip"
    return
  }
  if (v in BUILTIN) { builtin(d, v); return }
  progword(v)
  name = v; sub(/.*\//, "", name); CN[d] = name
  if (name in PREFIX) { ST[d] = "pre:" name; PRECONS[d] = 0; FLOCKF[d] = 0 }
}
function builtin(d, v) {
  CN[d] = v
  if (v == "command" || v == "exec" || v == "builtin") { ST[d] = "pre:" v; PRECONS[d] = 0; return }
  if (v == "eval") { CODE[d] = 2; return }
  if (v == "trap") { CODE[d] = 1; return }
  if (v == "type" || v == "hash") { ST[d] = "cmdv"; return }
  if (v == "." || v == "source") { ST[d] = "source"; return }
  if (v == "shift") { if (pass == 1 && FSP > 0) SHIFTN[FN SUBSEP FSTK[FSP]]++; ST[d] = "shift"; return }
}
function argword(d, v, lit, q,   n) {
  ARGN[d]++; n = CN[d]
  if (CODE[d] == 1) CODE[d] = 0
  if ((n == "bash" || n == "sh" || n == "dash") && lit && v ~ /^-[a-z]*c[a-z]*$/) { CODE[d] = 1; return }
  if (n == "tmux" && v ~ /^(new-session|new|new-window|neww|split-window|splitw|respawn-pane|respawnp|respawn-window|respawnw|pipe-pane|pipep|run-shell|run|if-shell|if)$/) { CODE[d] = 2; return }
  if (n == "trap" && ARGN[d] == 1 && lit && !q) progword(v)
  if (pass == 1 && v == "--" && FSP > 0 && (n == "[" || n == "test")) DASH[FN SUBSEP FSTK[FSP]] = 1
}
# $NAME in command position (or after command -v): the literal values the file gives NAME.
function varcmd(d, name, run,   all, n, a, j, w) {
  if (pass != 2) return
  all = ASSIGN[FN SUBSEP name] " " FORL[FN SUBSEP name]
  n = split(all, a, " ")
  for (j = 1; j <= n; j++) {
    w = a[j]
    if (w ~ /\// && w !~ /^\//) continue
    progword(w)
    if (run && (w in PREFIX)) { ST[d] = "pre:" w; CN[d] = w; PRECONS[d] = 0; FLOCKF[d] = 0 }
  }
}
function prefixword(d, p, v, lit, q, fq) {
  if (PRECONS[d] > 0) { PRECONS[d]--; return }
  if (p == "command") { if (v == "-v" || v == "-V") { ST[d] = "cmdv"; return } ; if (v ~ /^-/) return }
  else if (p == "timeout") { if (v ~ /^-/) { if (v ~ /^(-k|-s|--signal|--kill-after)$/) PRECONS[d] = 1; return } ; ST[d] = "cmd"; return }
  else if (p == "env" || p == "sudo") {
    if (v ~ /^-/) {
      if (p == "env" && v ~ /^(-u|--unset|-C|--chdir)$/) PRECONS[d] = 1
      if (p == "sudo" && v ~ /^-[ugCDhprtUT]$/) PRECONS[d] = 1
      if (p == "env" && v ~ /^(-S|--split-string)$/) { CODE[d] = 1; CN[d] = "env"; ST[d] = "arg" }
      return
    }
    if (!fq && v ~ /^[A-Za-z_][A-Za-z0-9_]*=/) return
  }
  else if (p == "nice") { if (v ~ /^-/) { if (v == "-n" || v == "--adjustment") PRECONS[d] = 1; return } }
  else if (p == "xargs") { if (v ~ /^-/) { if (v ~ /^-[aEeIiLlnPsd]$/) PRECONS[d] = 1; return } }
  else if (p == "time") { if (v ~ /^-/) { if (v ~ /^(-o|-f|--output|--format)$/) PRECONS[d] = 1; return } }
  else if (p == "stdbuf") { if (v ~ /^-/) { if (v ~ /^-[ioe]$/) PRECONS[d] = 1; return } }
  else if (p == "exec") { if (v ~ /^-/) { if (v == "-a") PRECONS[d] = 1; return } }
  else if (p == "flock") {
    if (v ~ /^-/) {
      if (v ~ /^(-w|-E|--timeout|--conflict-exit-code)$/) PRECONS[d] = 1
      if (v ~ /^(-c|--command)$/) { CODE[d] = 1; CN[d] = "flock"; ST[d] = "arg" }
      return
    }
    if (!FLOCKF[d]) { FLOCKF[d] = 1; if (v ~ /^[0-9]+$/) ST[d] = "arg"; return }
  }
  else if (v ~ /^-/) return
  ST[d] = "cmd"; cmdword(d, v, lit, q, fq)
}
# sudo is never checked: make deps runs it only when not root, and cannot install it itself.
function progword(v) {
  if (pass != 2 || v == "sudo" || (v in KNOWN) || (v in BUILTIN) || (v in KEYWORD) || v ~ /^[0-9]+$/) return
  if (v ~ /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/ || v ~ /^\/[A-Za-z0-9_.\/+-]+$/) print FN "\t" FNR "\t" v
}
AWK
IFS= read -r -d '' make_awk <<'AWK'
# The make side: pass=1 FILES reads the variable assignments; pass=2 FILES writes OUTDIR/FILE with, line
# for line, the shell command make runs there (a recipe line with the variables expanded, or the
# commands of $(shell ...)), or an empty line.
BEGIN { VAL["MAKE"] = "make" }
{
  text = $0; extra = 0
  while (text ~ /\\$/ && (getline more) > 0) { text = substr(text, 1, length(text) - 1) " " more; extra++ }
  if (pass == 1) { if (text !~ /^\t/) assign(text); next }
  out = ""
  if (text ~ /^\t/) out = command(substr(text, 2))
  else if (match(text, /^[ \t]*SHELL[ \t]*:?:?=[ \t]*/)) out = substr(text, RLENGTH + 1)
  else out = shells(text)
  file = outdir "/" FILENAME
  print out > file
  for (k = 0; k < extra; k++) print "" > file
}
function assign(text,   name, op, value) {
  if (!match(text, /^[ \t]*((override|export)[ \t]+)?[A-Za-z_][A-Za-z0-9_.-]*[ \t]*(::=|:=|\?=|\+=|=)/)) return
  name = substr(text, 1, RLENGTH); value = substr(text, RLENGTH + 1)
  op = name; sub(/^[^:?+=]*/, "", op); sub(/[:?+=]+$/, "", name); sub(/^[ \t]*((override|export)[ \t]+)?/, "", name)
  sub(/[ \t]+$/, "", name); sub(/^[ \t]+/, "", value); sub(/[ \t]*#.*$/, "", value); sub(/[ \t]+$/, "", value)
  if (op == "+=") VAL[name] = (name in VAL) ? VAL[name] " " value : value
  else if (op == "?=") { if (!(name in VAL)) VAL[name] = value }
  else VAL[name] = value
}
function command(text) {
  gsub(/\$\$/, "\001", text); text = expand(text, 0); gsub(/\001/, "$", text)
  sub(/^[ \t@+-]+/, "", text)
  return text
}
function shells(text,   out, p, j, level, c, inner) {
  out = ""
  while ((p = index(text, "$(shell ")) > 0) {
    level = 1
    for (j = p + 2; j <= length(text) && level > 0; j++) { c = substr(text, j, 1); if (c == "(") level++; else if (c == ")") level-- }
    inner = substr(text, p + 8, j - p - 9)
    out = out (out == "" ? "" : "; ") command(inner)
    text = substr(text, j)
  }
  return out
}
# Variables are expanded; functions and automatic variables become $__make_ref (an argument the
# shell scanner ignores), except $(call NAME,...) (NAME's value) and $(shell ...) ($(...)).
function expand(text, depth,   out, i, n, c, open, shut, level, j, ref) {
  out = ""; n = length(text); i = 1
  while (i <= n) {
    c = substr(text, i, 1)
    if (c != "$") { out = out c; i++; continue }
    open = substr(text, i + 1, 1)
    if (open == "(" || open == "{") {
      shut = open == "(" ? ")" : "}"
      level = 1
      for (j = i + 2; j <= n && level > 0; j++) { c = substr(text, j, 1); if (c == open) level++; else if (c == shut) level-- }
      ref = substr(text, i + 2, j - i - 3)
      out = out reference(ref, depth)
      i = j; continue
    }
    out = out "$__make_ref"; i += 2
  }
  return out
}
function reference(ref, depth,   name) {
  if (depth > 12) return "$__make_ref"
  if (ref ~ /^[A-Za-z_][A-Za-z0-9_.-]*$/) return (ref in VAL) ? expand(VAL[ref], depth + 1) : "$__make_ref"
  if (ref ~ /^call[ \t]/) { name = substr(ref, 6); sub(/,.*$/, "", name); gsub(/[ \t]/, "", name); return (name in VAL) ? expand(VAL[name], depth + 1) : "$__make_ref" }
  if (ref ~ /^shell[ \t]/) return "$(" expand(substr(ref, 7), depth + 1) ")"
  return "$__make_ref"
}
AWK

# Make: each makefile becomes, line for line, the shell commands it runs ($tmp/make/FILE).
for file in "${makefiles[@]}"; do mkdir -p "$tmp/make/$(dirname "$file")"; done
made=()
if [ ${#makefiles[@]} -gt 0 ]; then
  awk -v outdir="$tmp/make" "$make_awk" pass=1 "${makefiles[@]}" pass=2 "${makefiles[@]}"
  for file in "${makefiles[@]}"; do made+=("$tmp/make/$file"); done
fi
scan=("${host_scripts[@]}" "${made[@]}")
# FILE<TAB>LINE<TAB>WORD for every command word.
awk -v builtins="$(compgen -b | tr '\n' ' ')" -v mkprefix="$tmp/make/" "$commands_awk" \
  pass=1 "${scan[@]}" pass=2 "${scan[@]}" >"$tmp/words" || { fail "the command scanner ran"; exit 1; }

# ---- headers --------------------------------------------------------------------------------------
# The #include <...> search list of a compiler: search_dirs NAME COMPILER FLAGS...
declare -A dirs_of=()
search_dirs() {
  local name=$1
  shift
  if ! command -v "$1" >/dev/null; then dirs_of[$name]=; return; fi
  dirs_of[$name]=$("$@" -E -x c++ - -v </dev/null 2>&1 >/dev/null |
    sed -n '/^#include <\.\.\.> search starts here:$/,/^End of search list\.$/s/^ //p' | tr '\n' '\t')
}
search_dirs g++ g++ -std=c++20 -I.
search_dirs clang++ clang++ -std=c++20 -fsanitize=fuzzer -I.
# compiler<TAB>header<TAB>file<TAB>line, one per include
if [ ${#sources[@]} -gt 0 ]; then
  grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<[^>]+>' -- "${sources[@]}" | awk '{
      file = $0; sub(/:.*$/, "", file); line = substr($0, length(file) + 2); sub(/:.*$/, "", line)
      header = $0; sub(/^[^<]*</, "", header); sub(/>.*$/, "", header)
      print (file ~ /^tests\/fuzz\// ? "clang++" : "g++") "\t" header "\t" file "\t" line }' >"$tmp/includes"
else
  : >"$tmp/includes"
fi

# ---- items: KIND<TAB>COMPILER<TAB>NAME<TAB>FILES<TAB>the first three files (with their first line) --
{ awk -F '\t' '{ print "h\t" $0 }' "$tmp/includes"
  awk -F '\t' '{ print "p\t-\t" $3 "\t" $1 "\t" $2 }' "$tmp/words"; } |
  LC_ALL=C sort -t $'\t' -k1,3 -k4,4 -k5,5n -u |
  awk -F '\t' '{ key = $1 "\t" $2 "\t" $3
                 if (key != last) { if (last != "") print last "\t" n "\t" places; last = key; n = 0; places = ""; file = "" }
                 if ($4 != file) { file = $4; n++; if (n <= 3) places = places (n > 1 ? ", " : "") $4 ":" $5 } }
               END { if (last != "") print last "\t" n "\t" places }' >"$tmp/items"

pathdirs=()
IFS=: read -r -a path_parts <<<"$PATH:/usr/sbin:/sbin"
for dir in "${path_parts[@]}"; do [[ $dir == /* ]] && pathdirs+=("$dir"); done

kinds=() names=() shows=() wheres=() paths=()
unresolved=() project_headers=0
while IFS=$'\t' read -r kind compiler name count places; do
  if [ "$kind" = h ]; then
    header=$name found=
    IFS=$'\t' read -r -a dirs <<<"${dirs_of[$compiler]}"
    for dir in "${dirs[@]}"; do
      if [ -f "$dir/$header" ]; then found=$dir/$header; break; fi
    done
    if [[ $found == ./* ]]; then project_headers=$((project_headers + 1)); continue; fi
    where="included by $places"
    [ "$count" -le 3 ] || where+=" and $((count - 3)) more files"
    if [ -z "$found" ]; then
      if [ -z "${dirs_of[$compiler]}" ]; then
        fail "header <$header> ($where): $compiler is not installed, so its include path is unknown"
      else
        fail "header <$header> ($where): $compiler does not find it (the package that has it is not installed)"
      fi
      continue
    fi
    show=
    [ "$compiler" = g++ ] || show="$compiler "
    kinds+=("header") names+=("<$header>") wheres+=("$where") paths+=("$found") shows+=("$show")
  else
    word=$name found=
    if [[ $word == /* ]]; then
      [ -f "$word" ] && [ -x "$word" ] && found=$word
    else
      for dir in "${pathdirs[@]}"; do
        if [ -f "$dir/$word" ] && [ -x "$dir/$word" ]; then found=$dir/$word; break; fi
      done
    fi
    if [ -z "$found" ]; then unresolved+=("$word"); continue; fi
    where="run by $places"
    [ "$count" -le 3 ] || where+=" and $((count - 3)) more files"
    kinds+=("program") names+=("$word") wheres+=("$where") paths+=("$found") shows+=("")
  fi
done <"$tmp/items"

# ---- paths -> packages ------------------------------------------------------------------------------
reals=() plains=()
if [ ${#paths[@]} -gt 0 ]; then
  mapfile -t reals < <(realpath -m -- "${paths[@]}")     # every link followed
  mapfile -t plains < <(realpath -m -s -- "${paths[@]}") # only . and .. folded (clang's /usr/bin/../lib)
fi
# spellings PATH: PATH, and its other spelling on a merged /usr (into the array "spelled")
spellings() {
  spelled=("$1")
  case $1 in
    /usr/bin/* | /usr/sbin/* | /usr/lib/* | /usr/lib32/* | /usr/lib64/* | /usr/libx32/*) spelled+=("${1#/usr}") ;;
    /bin/* | /sbin/* | /lib/* | /lib32/* | /lib64/* | /libx32/*) spelled+=("/usr$1") ;;
  esac
}
declare -A asked=()
queries=()
for i in "${!paths[@]}"; do
  for path in "${plains[$i]}" "${reals[$i]}"; do
    spellings "$path"
    for spelling in "${spelled[@]}"; do
      [ -n "${asked[$spelling]:-}" ] && continue
      asked[$spelling]=1
      spelling=${spelling//\\/\\\\} spelling=${spelling//\*/\\*} spelling=${spelling//\?/\\?} spelling=${spelling//\[/\\[}
      queries+=("$spelling")  # dpkg -S reads * ? [ \ as a pattern
    done
  done
done
declare -A owners=()
if [ ${#queries[@]} -gt 0 ]; then
  while IFS= read -r line; do
    case $line in 'diversion by '* | '') continue ;; esac
    path=/${line#*: /} joined=
    IFS=, read -r -a some <<<"${line%%: /*}"
    for package in "${some[@]}"; do package=${package# }; joined+=${joined:+,}${package%%:*}; done
    owners[$path]=$joined
  done < <(dpkg -S -- "${queries[@]}" 2>/dev/null)
fi
# owner PATH: the packages (comma-separated) that own PATH in any spelling, in "owner_found"
owner() {
  owner_found=
  spellings "$1"
  local path
  for path in "${spelled[@]}"; do
    if [ -n "${owners[$path]:-}" ]; then owner_found=${owners[$path]}; return; fi
  done
}
needs=()  # per item: the packages it needs, comma-separated ("" when no package owns it)
declare -A all_packages=()
for i in "${!paths[@]}"; do
  need=()
  for path in "${plains[$i]}" "${reals[$i]}"; do
    owner "$path"
    [ -n "$owner_found" ] || continue
    IFS=, read -r -a some <<<"$owner_found"
    # Several owners of one file (rare): any one of them will do, so the first listed, else the first.
    pick=${some[0]}
    for package in "${some[@]}"; do [ -n "${listed[$package]:-}" ] && { pick=$package; break; }; done
    [[ " ${need[*]} " == *" $pick "* ]] || need+=("$pick")
  done
  printf -v joined '%s,' "${need[@]}"
  needs+=("${joined%,}")
  for package in "${need[@]}"; do all_packages[$package]=1; done
done
declare -A base=()  # Priority: required or Essential: yes
if [ ${#all_packages[@]} -gt 0 ]; then
  while IFS=$'\t' read -r package priority essential; do
    if [ "$priority" = required ] || [ "$essential" = yes ]; then base[$package]=1; fi
  done < <(dpkg-query -W -f='${Package}\t${Priority}\t${Essential}\n' -- "${!all_packages[@]}" 2>/dev/null)
fi

# ---- verdicts -----------------------------------------------------------------------------------------
headers=0 programs=0 oks=0
for i in "${!paths[@]}"; do
  kind=${kinds[$i]} name=${names[$i]} path=${paths[$i]} real=${reals[$i]}
  if [ "$kind" = header ]; then headers=$((headers + 1)); else programs=$((programs + 1)); fi
  file=$path
  [ "$kind" = header ] && file=${plains[$i]}
  [ "$real" = "$file" ] || file="$file -> $real"
  if [ -z "${needs[$i]}" ]; then
    fail "$kind ${shows[$i]}$name ($file, ${wheres[$i]}): no Debian package owns it (installed by hand?)"
    continue
  fi
  IFS=, read -r -a need <<<"${needs[$i]}"
  missing=() why=()
  for package in "${need[@]}"; do
    if [ -n "${listed[$package]:-}" ]; then why+=("$package")
    elif [ -n "${base[$package]:-}" ]; then why+=("$package (required)")
    else missing+=("$package")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    printf -v joined '%s, ' "${why[@]}"
    echo "ok - $kind ${shows[$i]}$name: ${joined%, } ($file)"
    oks=$((oks + 1))
  else
    printf -v joined '%s, ' "${missing[@]}"
    verb=is
    [ ${#missing[@]} -eq 1 ] || verb=are
    fail "$kind ${shows[$i]}$name ($file, ${wheres[$i]}): ${joined%, } $verb not in $list"
  fi
done

# ---- summary -------------------------------------------------------------------------------------------
in_list=0 in_base=0
for package in "${!all_packages[@]}"; do
  if [ -n "${listed[$package]:-}" ]; then in_list=$((in_list + 1)); elif [ -n "${base[$package]:-}" ]; then in_base=$((in_base + 1)); fi
done
echo "# $headers headers, $programs programs, mapped to ${#all_packages[@]} packages: $in_list listed, $in_base required or essential, $(( ${#all_packages[@]} - in_list - in_base )) neither"
echo "# ${#sources[@]} sources, ${#host_scripts[@]} host scripts, ${#makefiles[@]} makefiles; $project_headers angle-bracket includes are the project's own"
if [ ${#unresolved[@]} -gt 0 ]; then
  echo "# ${#unresolved[@]} command words resolve to no program here, not checked: ${unresolved[*]}"
fi
elapsed=$(( (${EPOCHREALTIME/./} - ${start_time/./}) / 1000 ))
echo "# $oks ok, $failed failed, in $elapsed ms"
[ "$failed" -eq 0 ]
