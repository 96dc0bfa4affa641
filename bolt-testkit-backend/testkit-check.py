#!/usr/bin/env python3
"""Compares a testkit stub run with the committed list of known failures.

Usage: testkit-check.py LOGDIR KNOWN_FAILURES_FILE

LOGDIR holds one `python -m unittest -v` log per suite (<suite>.log, as ../shared/bin/testkit-stub writes
them). A test method failed when a `FAIL:` or `ERROR:` header names it (any of its subtests counts); a
suite whose log has no final `OK`/`FAILED` line crashed or timed out and counts as the failure
`<suite>:CRASHED`. KNOWN_FAILURES_FILE has one test id per line, `tests.stub.<suite>.<module>.<Class>.<test>`,
followed by ` # reason`; blank lines and lines starting with `#` are comments.

Exit status 1 when a test failed that is not on the list (printed as UNEXPECTED); tests on the list that
passed are printed as FIXED (the list can shrink) but do not fail the check.
"""
import glob
import os
import re
import sys

HEAD = re.compile(r"^(?:FAIL|ERROR): \w+ \(([\w.]+)\)", re.M)
TEST = re.compile(r"^\w+ \(([\w.]+)\) \.\.\. ", re.M)


def scan(logdir):
    failed, passed, skipped = set(), set(), set()
    for path in sorted(glob.glob(os.path.join(logdir, "*.log"))):
        suite = os.path.basename(path)[:-4]
        text = open(path, encoding="utf-8", errors="replace").read()
        if not re.search(r"^Ran \d+ tests?", text, re.M):
            if suite != "backend":
                failed.add(suite + ":CRASHED")
            continue
        if not re.search(r"^(OK|FAILED)\b", text, re.M):
            failed.add(suite + ":CRASHED")
        failed.update(HEAD.findall(text))
        marks = list(TEST.finditer(text))
        for i, m in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
            segment = text[m.end():end]
            if re.match(r"(?:.*\n)?skipped\b", segment[:4000]) or segment.startswith("skipped"):
                skipped.add(m.group(1))
            else:
                passed.add(m.group(1))
    passed -= failed
    passed -= skipped
    return failed, passed, skipped


def known(path):
    entries = {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        test, _, reason = line.partition("#")
        entries[test.strip()] = reason.strip()
    return entries


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    failed, passed, skipped = scan(sys.argv[1])
    expected = known(sys.argv[2])
    unexpected = sorted(failed - expected.keys())
    fixed = sorted(t for t in expected if t in passed)
    print("testkit: %d failed (%d known, %d unexpected), %d known failures now pass"
          % (len(failed), len(failed & expected.keys()), len(unexpected), len(fixed)))
    for t in fixed:
        print("FIXED (remove from the known-failures list): " + t)
    for t in unexpected:
        print("UNEXPECTED failure: " + t)
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
