#!/usr/bin/env python3
"""Compares Bulwark's advisories with cargo audit's on the same Cargo.lock files.

    agreement.py BULWARK_JSON CARGO_AUDIT_JSON

Both reports are reduced to sets of (advisory id, crate, version): for cargo audit, its
vulnerabilities plus its informational warnings (unmaintained, unsound, notice; not yanked,
which needs the live crates.io index); for Bulwark, the deps.* findings and every RUSTSEC id
among each finding's advisories and aliases. Prints the counts and every difference.
"""
import json
import sys

CATEGORY = {
    "deps.vulnerable-package": "vulnerability",
    "deps.unsound-package": "informational",
    "deps.unmaintained-package": "informational",
}


def bulwark(path):
    out = set()
    for f in json.load(open(path))["findings"]:
        kind = CATEGORY.get(f["rule_id"])
        if not kind:
            continue
        p = f["properties"]
        for a in p["advisories"]:
            ids = [a["id"], *a.get("aliases", [])]
            for i in ids:
                if i.startswith("RUSTSEC-"):
                    out.add((kind, i, p["package"], p["version"]))
    return out


def audit(path):
    report = json.load(open(path))
    out = set()
    for v in report["vulnerabilities"]["list"]:
        out.add(("vulnerability", v["advisory"]["id"], v["package"]["name"], v["package"]["version"]))
    for kind, warnings in report.get("warnings", {}).items():
        if kind == "yanked":
            continue
        for w in warnings:
            if w.get("advisory"):
                out.add(("informational", w["advisory"]["id"], w["package"]["name"], w["package"]["version"]))
    return out


def main():
    ours, theirs = bulwark(sys.argv[1]), audit(sys.argv[2])
    for kind in ("vulnerability", "informational"):
        a = {x for x in ours if x[0] == kind}
        b = {x for x in theirs if x[0] == kind}
        print(f"{kind:14} bulwark {len(a):5}  cargo-audit {len(b):5}  both {len(a & b):5}")
        for x in sorted(a - b):
            print("  only bulwark:    ", *x[1:])
        for x in sorted(b - a):
            print("  only cargo-audit:", *x[1:])
    same = ours == theirs
    print("agreement:", "exact" if same else "differences listed above")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
