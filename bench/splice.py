#!/usr/bin/env python3
"""Replaces the text between <!-- NAME:begin --> and <!-- NAME:end --> in a Markdown file with stdin (appending the
section, markers included, when the file has none). The file is written to a temporary file and renamed.

  splice.py NAME FILE.md < section.md
"""
import os
import sys
import tempfile


def main():
    name, path = sys.argv[1], sys.argv[2]
    body = sys.stdin.read().strip("\n")
    begin, end = "<!-- %s:begin -->" % name, "<!-- %s:end -->" % name
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    block = "%s\n%s\n%s" % (begin, body, end)
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        tail = rest.split(end, 1)[1]
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(path)), prefix=".splice-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


if __name__ == "__main__":
    main()
