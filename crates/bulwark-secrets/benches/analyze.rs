//! Throughput of the secrets analyzer on source-like text (`cargo bench -p bulwark-secrets`).
//! Two inputs: text with no detector keyword (the prefilter's fast path) and text with a
//! candidate every few hundred lines.

use bulwark_core::{Analyzer, SourceFile};
use bulwark_secrets::SecretsAnalyzer;
use divan::{Bencher, black_box, counter::BytesCount};

fn main() {
    divan::main();
}

/// About 1 MiB of Python-like lines; every `every`-th line carries a candidate secret.
fn corpus(every: Option<usize>) -> Vec<u8> {
    let key = concat!("AKIA", "Z7QW3ERT5YUI2OPL");
    let mut text = String::new();
    let mut line = 0;
    while text.len() < 1 << 20 {
        line += 1;
        match every {
            Some(n) if line % n == 0 => {
                text.push_str(&format!("    aws_key = \"{key}\"  # line {line}\n"))
            }
            _ => text.push_str(&format!(
                "    total_{line} = compute(items[{line}], rate=0.{line})\n"
            )),
        }
    }
    text.into_bytes()
}

#[divan::bench(args = [None, Some(500)])]
fn analyze(bencher: Bencher, every: Option<usize>) {
    let analyzer = SecretsAnalyzer::builtin().expect("detectors compile");
    let bytes = corpus(every);
    bencher.counter(BytesCount::new(bytes.len())).bench(|| {
        analyzer.analyze(black_box(&SourceFile {
            path: "bench.py",
            bytes: &bytes,
        }))
    });
}
