#!/usr/bin/env python3
"""Recall and precision of Bulwark, gitleaks and detect-secrets on the labelled corpus.

    python3 bench/secrets/accuracy.py CORPUS_DIR --bulwark target/release/bulwark \
        [--gitleaks PATH] [--detect-secrets PATH]

A tool detects a labelled value when it reports a finding on that value's file and line.
Findings on decoy lines or on unlabelled lines are false positives. Bulwark's `info` findings
(published test card numbers, reported as test data by design) are not counted as alerts.
"""
import argparse
import collections
import json
import os
import subprocess
import tempfile


def bulwark(binary, tree):
    out = subprocess.run([binary, "scan", tree, "--scanners", "secrets", "-q", "-f", "json", "--fail-on", "none"],
                         capture_output=True, text=True, check=False)
    report = json.loads(out.stdout)
    return {(f["location"]["path"], f["location"]["start_line"]) for f in report["findings"] if f["severity"] != "info"}


def gitleaks(binary, tree):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "gl.json")
        subprocess.run([binary, "dir", tree, "-f", "json", "-r", out, "--no-banner", "--exit-code", "0", "--log-level", "error"],
                       capture_output=True, check=False)
        results = json.load(open(out)) if os.path.exists(out) else []
    return {(os.path.relpath(r["File"], tree), r["StartLine"]) for r in results}


def detect_secrets(binary, tree):
    out = subprocess.run([binary, "scan", "--all-files", "."], cwd=tree, capture_output=True, text=True, check=False)
    results = json.loads(out.stdout)["results"]
    return {(path, r["line_number"]) for path, items in results.items() for r in items}


def score(name, found, labels):
    labelled = {(l["path"], l["line"]): l for l in labels}
    tp = sum(1 for l in labels if l["secret"] and (l["path"], l["line"]) in found)
    fn = sum(1 for l in labels if l["secret"]) - tp
    fp = sum(1 for key in found if key not in labelled or not labelled[key]["secret"])
    missed = collections.Counter(l["kind"] for l in labels if l["secret"] and (l["path"], l["line"]) not in found)
    noisy = collections.Counter(labelled[k]["kind"] if k in labelled else "unlabelled" for k in found
                                if k not in labelled or not labelled[k]["secret"])
    recall = tp / (tp + fn) if tp + fn else 0.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"| {name} | {recall:.1%} | {precision:.1%} | {f1:.3f} | {tp} | {fp} | {fn} |")
    return {"tool": name, "recall": recall, "precision": precision, "f1": f1,
            "missed": dict(missed.most_common()), "false_positives": dict(noisy.most_common())}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--bulwark", required=True)
    parser.add_argument("--gitleaks")
    parser.add_argument("--detect-secrets", dest="detect_secrets")
    parser.add_argument("--details", action="store_true", help="print missed kinds and false-positive kinds")
    args = parser.parse_args()
    tree = os.path.join(args.corpus, "tree")
    labels = json.load(open(os.path.join(args.corpus, "labels.json")))
    print("| tool | recall | precision | F1 | TP | FP | FN |\n|---|---|---|---|---|---|---|")
    results = [score("bulwark", bulwark(args.bulwark, tree), labels)]
    if args.gitleaks:
        results.append(score("gitleaks", gitleaks(args.gitleaks, tree), labels))
    if args.detect_secrets:
        results.append(score("detect-secrets", detect_secrets(args.detect_secrets, tree), labels))
    if args.details:
        for result in results:
            print(f"\n{result['tool']}: missed {result['missed']}\n  false positives {result['false_positives']}")


if __name__ == "__main__":
    main()
