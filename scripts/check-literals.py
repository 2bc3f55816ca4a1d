#!/usr/bin/env python3
"""check-literals.py — no French text left out of the catalogue (docs/i18n.md,
"How it is checked"). Lists every string literal of the .c files of lib/,
cli/ and server/ (comments removed, adjacent literals joined, as the
compiler sees them) that looks French (an accented letter or «) and is
neither a msgid / msgid_plural of po/eml.pot nor allowed below (data, not
text: names of places, parsing keys, ...). Fails (exit 1) naming each
FILE:LINE and the literal; exit 0 when none. Model: a literal is compared
in its source spelling (escapes as written), as xgettext writes msgids.
Run from anywhere: scripts/check-literals.py [ROOT]."""
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

# files whose French literals are data, with the reason
ALLOWED_FILES = {
    "lib/domain/territories.c": "names of the départements and regions (data)",
    "lib/time/holidays.c": "names of the French public holidays (data)",
    "lib/finess/codes.c": "words of the FINESS legal-status labels it matches (data of the FINESS)",
    "lib/imaging/generate.c": "the generator's invented establishment names (data)",
    "lib/rt/generate.c": "the generator's invented centre names (data)",
}
# literals of one file allowed by a pattern, with the reason
ALLOWED_PATTERNS = {
    "lib/imaging/appointments.c": (r"^(Scanner|IRM) .* - .* ans",
                                   "the clinical cases of the appointment survey, as published"),
}
# literals allowed anywhere, with the reason
ALLOWED_LITERALS = {
    "territory|departement|département": "accepted spellings of a CSV column (parsing key)",
    "annee|année": "accepted spellings of a CSV column (parsing key)",
    "creation|création": "accepted spellings of an application's kind (parsing key)",
    "declaration|déclaration": "accepted spellings of an application's kind (parsing key)",
    "région": "the internal key of a regional note (lib/domain/import.c, never shown)",
}

FRENCH = re.compile("[À-ÖØ-öø-ÿŒœ«]")


def pot_ids(path):
    """The msgids and msgid_plurals of a .pot, in their escaped spelling."""
    ids = set()
    cur = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            m = re.match(r'^(msgid|msgid_plural) "(.*)"$', line)
            if m:
                if cur is not None:
                    ids.add(cur)
                cur = m.group(2)
                continue
            if cur is not None and line.startswith('"') and line.endswith('"'):
                cur += line[1:-1]
                continue
            if cur is not None:
                ids.add(cur)
                cur = None
    if cur is not None:
        ids.add(cur)
    return ids


def literals(text):
    """(line, literal) of a C file: comments and char constants skipped,
    adjacent literals (only blanks or comments between) joined."""
    out = []
    i, n, line = 0, len(text), 1
    pending = None  # [line, text] of the literal being joined
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif c in " \t\r\f\v":
            i += 1
        elif text.startswith("\\\n", i):  # a macro's line continuation
            line += 1
            i += 2
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += text.count("\n", i, j)
            i = j
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            s = text[i + 1 : j]
            if pending is None:
                pending = [line, s]
            else:
                pending[1] += s
            line += s.count("\n")
            i = j + 1
        elif c == "'":
            j = i + 1
            while j < n and text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            if pending:
                out.append(tuple(pending))
                pending = None
        else:
            # a string prefix (u8"…", L"…") does not end the joining
            if pending and not (c in "uUL8" and i + 1 < n and text[i + 1] in '"8'):
                out.append(tuple(pending))
                pending = None
            i += 1
    if pending:
        out.append(tuple(pending))
    return out


def unhex(s):
    """s with its \\xHH escapes as the UTF-8 characters they spell, as
    xgettext writes them in the msgid."""
    b = re.sub(r"\\x([0-9a-fA-F]{2})", lambda m: "\\x%s" % m.group(1), s)
    try:
        return re.sub(rb"\\x([0-9a-fA-F]{2})", lambda m: bytes([int(m.group(1), 16)]),
                      b.encode("utf-8")).decode("utf-8")
    except UnicodeDecodeError:
        return s


def main():
    ids = pot_ids(os.path.join(root, "po", "eml.pot"))
    bad = []
    for top in ("lib", "cli", "server"):
        for d, _, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                if not name.endswith(".c"):
                    continue
                path = os.path.join(d, name)
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                if rel in ALLOWED_FILES:
                    continue
                pattern = ALLOWED_PATTERNS.get(rel, (None,))[0]
                with open(path, encoding="utf-8") as f:
                    text = f.read()
                for line, s in literals(text):
                    if FRENCH.search(s) and s not in ids and s not in ALLOWED_LITERALS and \
                            unhex(s) not in ids and \
                            not (pattern and re.search(pattern, s)):
                        bad.append(f"{rel}:{line}: \"{s}\"")
    if bad:
        print("French literals that are no msgid of po/eml.pot (mark them _() / N_(), "
              "run scripts/update-po.sh, or allow them in scripts/check-literals.py with the reason):")
        for b in sorted(bad):
            print("  " + b)
        return 1
    print("check-literals: every French literal of lib/ cli/ server/ is a msgid or allowed")
    return 0


sys.exit(main())
