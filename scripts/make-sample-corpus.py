#!/usr/bin/env python3
"""Builds the gateway's bundled sample corpus from the Debian package catalog in the apt lists.

Reads the Packages indexes of every configured repository in /var/lib/apt/lists (through
apt-helper, which undoes apt's compression: lz4, xz, gz) and, when present, the Translation-en
indexes that hold the long descriptions (Debian's Packages files carry only the synopsis since
the descriptions moved to Translation-en). Fetch those first with:

    apt-get update -o Acquire::Languages=en

Each package name appears once, at its newest version (dpkg's ordering), and becomes one JSON
line. Its "popularity" is a signal of how much of Debian relies on it, from the same lists: the
number of other packages (any section, libraries included) whose Depends, Pre-Depends or Recommends
name it, plus a bonus for the priorities Debian installs by default (see popularity()). The selection and trimming rules below keep the gzipped file a few MB; they are
deterministic, so the same lists give the same file byte for byte.

Standard library only. Usage:
    scripts/make-sample-corpus.py [--lists /var/lib/apt/lists] [--output src/McpGateway/SampleCorpus/debian-packages.jsonl.gz]
"""

import argparse
import glob
import gzip
import io
import json
import os
import re
import subprocess
import sys

APT_HELPER = "/usr/lib/apt/apt-helper"
LONG_DESCRIPTION_LIMIT = 600

# Sections left out: shared libraries, debug symbols, translations and transitional leftovers are
# thousands of near-identical entries ("This package contains the shared library") that would
# crowd out the programs and tools a search demo is about; so are the library archives of single
# language ecosystems (lib*-perl, node-*, r-cran-*, libghc-*, ruby-*, lib*-java, php-*, ...), which
# would double the file. Python's section stays: it is the ecosystem a search demo asks about most.
EXCLUDED_SECTIONS = {
    "libs", "oldlibs", "libdevel", "debug", "localization", "kernel",
    "perl", "ruby", "javascript", "java", "gnu-r", "haskell", "php", "lisp", "ocaml",
    "cli-mono", "introspection", "golang", "rust",
}
# Package-name suffixes of the same kinds of companions, whatever their section.
EXCLUDED_SUFFIXES = ("-dev", "-dbg", "-dbgsym", "-doc", "-data", "-common", "-l10n", "-dev-bin")
EXCLUDED_NAME = re.compile(r"-(l10n|i18n|locale|langpack|lang|hyphen|help)-[a-z]{2,3}([_-][a-z]{2,4})?$|^lib.*[0-9][a-z0-9.]*$|^(texlive|linux-(image|headers|modules))-")


# Dependency fields whose targets count towards a package's popularity: what other packages need or
# install by default. Suggests and Enhances are too weak a signal (many point at everything).
RELATION_FIELDS = ("Depends", "Pre-Depends", "Recommends")
# Priorities Debian installs by default, worth as much as that many reverse dependencies: a package in
# every base system is popular even when nothing declares a dependency on it (e.g. less, nano).
PRIORITY_POINTS = {"required": 100, "important": 50, "standard": 20}
RELATION_NAME = re.compile(r"^\s*([a-z0-9][a-z0-9+.-]*)")


def read_list(path):
    """The decompressed text of one apt list file."""
    if path.endswith((".lz4", ".xz", ".gz", ".bz2", ".zst", ".lzma")):
        return subprocess.run([APT_HELPER, "cat-file", path], check=True, capture_output=True).stdout.decode("utf-8", "replace")
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.read()


def stanzas(text):
    """Deb822 paragraphs as dicts; continuation lines keep their leading space."""
    for block in text.split("\n\n"):
        fields, name = {}, None
        for line in block.split("\n"):
            if not line:
                continue
            if line[0] in " \t" and name is not None:
                fields[name] += "\n" + line
            else:
                name, _, value = line.partition(":")
                fields[name] = value.strip()
        if fields:
            yield fields


def version_key(version):
    """Sort key implementing dpkg's version comparison (epoch, upstream, revision; '~' sorts first)."""
    epoch, _, rest = version.rpartition(":") if ":" in version else ("0", "", version)
    upstream, _, revision = rest.rpartition("-") if "-" in rest else (rest, "", "0")
    return (int(epoch or 0), part_key(upstream), part_key(revision))


def part_key(part):
    key = []
    for letters, digits in re.findall(r"([^0-9]*)([0-9]*)", part):
        key.append(tuple(char_weight(c) for c in letters) + (0,))
        key.append(int(digits) if digits else 0)
    return key


def char_weight(c):
    if c == "~":
        return -1
    if c.isalpha():
        return ord(c)
    return ord(c) + 256


def paragraphs(long_text):
    """Deb822 description body to plain text: ' .' separates paragraphs, wrapped lines join with
    spaces, and list items (lines starting with a bullet) start their own line."""
    result = []
    for paragraph in re.split(r"\n \.\n", "\n" + long_text.strip("\n") + "\n"):
        lines = []
        for line in paragraph.split("\n"):
            body = line[1:] if line.startswith(" ") else line
            if not body.strip() or body.strip() == ".":
                continue
            if lines and not body.lstrip().startswith(("* ", "- ", "+ ", "o ")):
                lines[-1] += " " + body.strip()
            else:
                lines.append(body.strip())
        result.extend(re.sub(r"\s+", " ", line) for line in lines)
    return "\n".join(result)


def related_names(fields):
    """Package names in the Depends, Pre-Depends and Recommends of one stanza, every alternative of
    "a | b" included, versions, architecture qualifiers and profiles dropped."""
    names = set()
    for field in RELATION_FIELDS:
        for relation in fields.get(field, "").replace("\n", " ").split(","):
            for alternative in relation.split("|"):
                match = RELATION_NAME.match(alternative)
                if match:
                    names.add(match.group(1))
    return names


def reverse_relations(newest):
    """For each package name, the set of other packages that depend on or recommend it."""
    reverse = {}
    for name, fields in newest.items():
        for target in related_names(fields):
            if target != name:
                reverse.setdefault(target, set()).add(name)
    return reverse


def popularity(name, fields, reverse):
    """Reverse dependencies and recommendations, plus the priority bonus (PRIORITY_POINTS)."""
    return len(reverse.get(name, ())) + PRIORITY_POINTS.get(fields.get("Priority", ""), 0)


def trim(text, limit):
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip() + " …"


def selected(fields):
    name = fields["Package"]
    section = fields.get("Section", "")
    component, _, bare_section = section.rpartition("/")
    return (
        component in ("", "main")
        and bare_section not in EXCLUDED_SECTIONS
        and not name.endswith(EXCLUDED_SUFFIXES)
        and not EXCLUDED_NAME.search(name)
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lists", default="/var/lib/apt/lists")
    parser.add_argument("--output", default=os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "src", "McpGateway", "SampleCorpus", "debian-packages.jsonl.gz")))
    args = parser.parse_args()

    package_files = sorted(glob.glob(os.path.join(args.lists, "*_Packages*")))
    if not package_files:
        sys.exit(f"make-sample-corpus: no Packages lists in {args.lists}; run: apt-get update -o Acquire::Languages=en")
    translation_files = sorted(glob.glob(os.path.join(args.lists, "*_i18n_Translation-en*")))
    if not translation_files:
        print("make-sample-corpus: no Translation-en lists: long descriptions will be empty "
              "(run: apt-get update -o Acquire::Languages=en)", file=sys.stderr)

    newest = {}
    for path in package_files:
        for fields in stanzas(read_list(path)):
            name = fields.get("Package")
            if not name or not fields.get("Version"):
                continue
            current = newest.get(name)
            if current is None or version_key(fields["Version"]) > version_key(current["Version"]):
                newest[name] = fields

    long_descriptions = {}
    for path in translation_files:
        for fields in stanzas(read_list(path)):
            body = fields.get("Description-en", "")
            _, _, long_text = body.partition("\n")
            long_descriptions[(fields.get("Package"), fields.get("Description-md5"))] = long_text

    reverse = reverse_relations(newest)
    documents = []
    tagged = 0
    for name in sorted(newest):
        fields = newest[name]
        if not selected(fields):
            continue
        tags = sorted({tag.strip() for tag in fields.get("Tag", "").replace("\n", " ").split(",") if tag.strip()})
        tagged += bool(tags)
        long_text = long_descriptions.get((name, fields.get("Description-md5")), "")
        description, _, inline_long = fields.get("Description", "").partition("\n")
        documents.append({
            "id": name,
            "name": name,
            "description": description.strip(),
            "long_description": trim(paragraphs(long_text or inline_long), LONG_DESCRIPTION_LIMIT),
            "maintainer": fields.get("Maintainer", ""),
            "section": fields.get("Section", ""),
            "priority": fields.get("Priority", ""),
            "tags": tags,
            "installed_size_kb": int(fields.get("Installed-Size", "0") or 0),
            "version": fields["Version"],
            "homepage": fields.get("Homepage", ""),
            "popularity": popularity(name, fields, reverse),
        })

    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    # mtime=0 and no file name in the gzip header: the same input gives the same bytes.
    with open(args.output, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as zipped:
        with io.TextIOWrapper(zipped, encoding="utf-8", newline="\n") as text:
            for document in documents:
                text.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n")
    size = os.path.getsize(args.output)
    print(f"make-sample-corpus: {len(documents)} of {len(newest)} packages ({tagged} with debtags, "
          f"{sum(1 for d in documents if d['long_description'])} with long descriptions) -> {args.output} ({size / 1e6:.2f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
