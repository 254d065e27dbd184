#!/usr/bin/env python3
"""Aggregates every test result of ./build.sh test into one line: `N passed, M failed, K skipped`.

Reads the trx files written by `dotnet test` and the logs of the conformance runners (each ends with
`N passed, M failed`). With CI=true a skip counts as a failure unless its reason names a kernel feature
this machine kind is known to lack, so a run without root or with a tool missing cannot pass by skipping.
Exit status: 0 only when nothing failed.
"""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
KNOWN_MISSING = re.compile(r"^kernel feature missing: (ipip|wireguard|geneve|sctp-sockets|dummy)\b")
RUNNER_LINE = re.compile(r"^(?:\w+: )?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$")


def failure_details(result) -> str:
    """The failed test's message and the first frames of its stack, indented, so a CI log names the cause."""
    lines = []
    for tag, limit in (("Message", 12), ("StackTrace", 8)):
        node = result.find(f"t:Output/t:ErrorInfo/t:{tag}", NS)
        if node is not None and node.text:
            lines += ["    " + l.strip() for l in node.text.strip().splitlines()[:limit]]
    return "\n" + "\n".join(lines) if lines else ""


def main(results_dir: str) -> int:
    ci = os.environ.get("CI", "").lower() == "true"
    passed = failed = skipped = 0
    problems = []

    for trx in sorted(glob.glob(os.path.join(results_dir, "*.trx"))):
        root = ET.parse(trx).getroot()
        for r in root.iterfind(".//t:UnitTestResult", NS):
            outcome = r.get("outcome")
            name = r.get("testName")
            if outcome == "Passed":
                passed += 1
            elif outcome == "NotExecuted":
                msg = r.find("t:Output/t:ErrorInfo/t:Message", NS)
                reason = (msg.text or "").strip() if msg is not None else ""
                if ci and not KNOWN_MISSING.match(reason):
                    failed += 1
                    problems.append(f"skipped in CI (counts as failure): {name}: {reason}")
                else:
                    skipped += 1
            else:
                failed += 1
                problems.append(f"failed: {name}" + failure_details(r))

    # A test project that crashed or never wrote results is a failure, not silence.
    for log in sorted(glob.glob(os.path.join(results_dir, "Calico.*.log"))):
        name = os.path.basename(log)[:-4]
        if not os.path.exists(os.path.join(results_dir, name + ".trx")):
            failed += 1
            problems.append(f"no results from {name} (crashed or did not build); see {log}")

    for log in sorted(glob.glob(os.path.join(results_dir, "conformance-*.log"))):
        last = None
        with open(log, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = RUNNER_LINE.match(line.strip())
                if m:
                    last = m
        if last is None:
            failed += 1
            problems.append(f"runner printed no result line: {log}")
            continue
        passed += int(last.group(1))
        failed += int(last.group(2))
        skipped += int(last.group(3) or 0)
        if int(last.group(2)):
            problems.append(f"{os.path.basename(log)}: {last.group(0).strip()}")

    for p in problems[:200]:
        print(p)
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "out/test-results"))
