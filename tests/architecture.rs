//! The shape ARCHITECTURE.md promises: modules in layers, each using only
//! its own layer and the ones below, and no two modules using each other.
//! Read from the source, so a new `use` that breaks the shape fails here
//! with the file that wrote it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// canteen's top-level modules, lowest layer first (ARCHITECTURE.md,
/// "Which module may use which").
const LAYERS: &[&[&str]] = &[
    &[
        "paths",
        "fs",
        "diagnostics",
        "error",
        "spans",
        "nul",
        "html",
        "colour",
        "builtin",
        "cards",
        "search",
        "memory",
    ],
    &["content"],
    &["brand", "config"],
    &["overlay", "markdown"],
    &["editions"],
    &["render"],
    &["output"],
    &["site"],
    &["serve", "check"],
    &["cli", "cmd"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Every `crate::<module>` a top-level module names outside its tests:
/// module → (module it uses → a file that uses it).
fn uses() -> BTreeMap<String, BTreeMap<String, String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut uses: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).expect("inside src");
        let module = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .map(|m| m.trim_end_matches(".rs").to_string())
            .expect("a module");
        if module == "main" || module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("read");
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
        for (at, _) in code.match_indices("crate::") {
            let rest = &code[at + "crate::".len()..];
            // `crate::site::x`, or each item of `crate::{config, site::x}`.
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group
                    .split('}')
                    .next()
                    .unwrap_or("")
                    .split(',')
                    .map(str::trim)
                    .collect(),
                None => vec![rest],
            };
            for name in names {
                let name: String = name
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if !name.is_empty() && name != module {
                    uses.entry(module.clone())
                        .or_default()
                        .entry(name)
                        .or_insert_with(|| rel.display().to_string());
                }
            }
        }
    }
    uses
}

#[test]
fn every_module_is_in_a_layer() {
    let uses = uses();
    let unknown: BTreeSet<&String> = uses
        .iter()
        .flat_map(|(m, used)| std::iter::once(m).chain(used.keys()))
        .filter(|m| layer(m).is_none())
        .collect();
    assert!(
        unknown.is_empty(),
        "modules missing from LAYERS (and ARCHITECTURE.md): {unknown:?}"
    );
}

#[test]
fn no_module_uses_one_in_a_higher_layer() {
    let mut upward = Vec::new();
    for (module, used) in uses() {
        for (other, file) in used {
            if let (Some(low), Some(high)) = (layer(&module), layer(&other))
                && high > low
            {
                upward.push(format!("src/{file}: {module} uses {other}, a higher layer"));
            }
        }
    }
    assert!(upward.is_empty(), "{}", upward.join("\n"));
}

#[test]
fn no_two_modules_use_each_other() {
    let uses = uses();
    let mut cycles = Vec::new();
    for (module, used) in &uses {
        for (other, file) in used {
            if let Some(back) = uses.get(other).and_then(|u| u.get(module))
                && module < other
            {
                cycles.push(format!(
                    "{module} uses {other} (src/{file}) and {other} uses {module} (src/{back})"
                ));
            }
        }
    }
    assert!(cycles.is_empty(), "{}", cycles.join("\n"));
}
