//! Turns the TOML data files (catalog versions, built-in scenarios) into JSON embedded in the
//! binary. A TOML syntax error fails the build with the file's name and position.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed={}", data.display());

    let mut code = String::from("pub static CATALOGS: &[(u32, &str)] = &[\n");
    for (name, dir) in catalog_dirs(&data.join("catalog")) {
        println!("cargo:rerun-if-changed={}", dir.display());
        let version: u32 = name
            .strip_prefix('v')
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("catalog folder {name} must be named v<N>"));
        let json = out.join(format!("catalog-{name}.json"));
        let files = toml_files(&dir);
        for (_, path) in &files {
            println!("cargo:rerun-if-changed={}", path.display());
        }
        let merged = merge(version, files.iter().map(|(_, path)| read_toml(path)));
        fs::write(&json, merged.to_string()).expect("write catalog JSON");
        writeln!(code, "    ({version}, include_str!({:?})),", json.display()).unwrap();
    }
    code.push_str("];\npub static SCENARIOS: &[(&str, &str)] = &[\n");
    for (stem, path) in toml_files(&data.join("scenarios")) {
        println!("cargo:rerun-if-changed={}", path.display());
        let json = out.join(format!("scenario-{stem}.json"));
        convert(&path, &json);
        writeln!(code, "    ({stem:?}, include_str!({:?})),", json.display()).unwrap();
    }
    code.push_str("];\n");
    fs::write(out.join("embedded.rs"), code).expect("write embedded.rs");
}

fn toml_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut files: Vec<(String, PathBuf)> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    files.sort();
    files
}

fn catalog_dirs(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut dirs: Vec<(String, PathBuf)> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    dirs.sort();
    dirs
}

fn read_toml(path: &Path) -> serde_json::Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let value: toml::Value =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::to_value(value).expect("TOML values are JSON values")
}

/// A catalog version is a folder of TOML files whose top-level arrays (sources, kinds,
/// capabilities, context defaults) are concatenated in file-name order.
fn merge(version: u32, files: impl Iterator<Item = serde_json::Value>) -> serde_json::Value {
    let mut merged = serde_json::Map::new();
    merged.insert("version".into(), version.into());
    for file in files {
        let serde_json::Value::Object(table) = file else {
            continue;
        };
        for (key, value) in table {
            match (merged.get_mut(&key), value) {
                (Some(serde_json::Value::Array(all)), serde_json::Value::Array(more)) => {
                    all.extend(more)
                }
                (None, value) => {
                    merged.insert(key, value);
                }
                (Some(_), _) => panic!("catalog v{version}: `{key}` is set in two files"),
            }
        }
    }
    serde_json::Value::Object(merged)
}

fn convert(from: &Path, to: &Path) {
    let json = read_toml(from).to_string();
    fs::write(to, json).unwrap_or_else(|e| panic!("write {}: {e}", to.display()));
}
