//! Turns the locale files, `locales/zh-CN.toml` (the default language) and `locales/en.toml`,
//! into the Rust that `src/i18n.rs` includes: every visible string of the app, checked twice —
//! here, that both files say the same things, and by the compiler, that the strings and the
//! Rust types they word fit each other.
//!
//! The build fails here, naming the file, section and key, when
//! - a section or a key is in one file only;
//! - a key's placeholders name different values in the two files (their order and how often
//!   each appears may differ: languages order words differently);
//! - a `[msg]` string has a brace, a `[fmt]` string has no placeholder or a numbered one, or a
//!   section is neither `[msg]`, `[fmt]` nor one of [`ENUMS`].
//!
//! What each section becomes:
//! - `[msg]`, plain strings: `enum Msg { Key, … }` and `fn t(lang, Msg) -> &'static str`.
//! - `[fmt]`, strings with named values (`"共 {total} 张"`): `enum F<'a> { Key { total: &'a dyn
//!   Display }, … }` and `F::text(&self, lang) -> String`, so a call site names its values.
//! - Every other section words one Rust enum, listed in [`ENUMS`]: its keys are the variants,
//!   all of them, and its placeholders are the variant's fields (`{role}` a named field, `{0}` a
//!   tuple field). Each language gets an exhaustive `match` with a braced pattern per variant
//!   (`Type::Variant { role: v_role, .. }`, which fits unit, tuple and struct variants alike), so
//!   a variant without its line, or a line for a variant that is gone, fails to compile. The
//!   accessor is the section's name in snake_case (`[WorkflowError]` → `workflow_error`). The
//!   rule for its signature: if no string of the section has a placeholder, it takes the value
//!   (such enums are `Copy`) and returns `&'static str`; otherwise it takes `&Type` and returns
//!   `String`.
//! - A placeholder's value becomes text through `i18n::Localize`; `{name:f}` calls `f(lang,
//!   value)` from `src/i18n.rs` instead: another section's accessor (`{0:intake_missing}`) or a
//!   helper there (`{size:mib}`, `{format:format_field}`).
//!
//! Adding a string: a line in both files (and, for an enum section, nothing else). Adding an
//! enum: a section in both files and a row in [`ENUMS`].

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs, process};

/// The languages, in `Lang`'s order: the variant and its file.
const LOCALES: [(&str, &str); 2] = [("Zh", "locales/zh-CN.toml"), ("En", "locales/en.toml")];

/// A section that words a Rust enum.
struct EnumSection {
    section: &'static str,
    /// The enum's path as `src/i18n.rs` names it.
    path: &'static str,
    /// The section is how a value of the type reads inside other strings: generates
    /// `impl Localize` through the accessor. (Priority has none: inside a sentence it is its code,
    /// P1–P4, not its label.)
    localize: bool,
    /// The core error's rule follows the text, as the error's `Display` starts with it
    /// (`R2.3: …` → `…(R2.3)`, through `with_rule` and `[fmt] WithRule`).
    rule: bool,
}

const fn words(section: &'static str, path: &'static str) -> EnumSection {
    EnumSection {
        section,
        path,
        localize: true,
        rule: false,
    }
}

const fn label(section: &'static str, path: &'static str) -> EnumSection {
    EnumSection {
        section,
        path,
        localize: false,
        rule: false,
    }
}

const fn error(section: &'static str, path: &'static str, rule: bool) -> EnumSection {
    EnumSection {
        section,
        path,
        localize: false,
        rule,
    }
}

const ENUMS: &[EnumSection] = &[
    words("Step", "fielddesk_core::Step"),
    words("Role", "fielddesk_core::Role"),
    words("CommandKind", "fielddesk_core::CommandKind"),
    words("Feedback", "fielddesk_core::Feedback"),
    words("ConfirmedBy", "fielddesk_core::ConfirmedBy"),
    words("SlaClock", "fielddesk_core::sla::SlaClock"),
    words("ClockState", "fielddesk_core::sla::ClockState"),
    words("ArchiveStatus", "fielddesk_core::ArchiveStatus"),
    words("Field", "fielddesk_core::Field"),
    words("ArticleField", "fielddesk_core::ArticleField"),
    words("PreventionStatus", "fielddesk_core::PreventionStatus"),
    words("SettingKey", "fielddesk_core::SettingKey"),
    words("SettingProblem", "fielddesk_core::SettingProblem"),
    label("Priority", "fielddesk_core::Priority"),
    label("PriorityShort", "fielddesk_core::Priority"),
    label("IntakeMissing", "fielddesk_core::IntakeField"),
    label("Stage", "fielddesk_core::view::ticket::Stage"),
    label("CalendarKind", "fielddesk_core::calendar::CalendarKind"),
    label("StopFact", "fielddesk_core::sla::StopFact"),
    label("FormText", "fielddesk_core::view::form::Text"),
    label("FormMissing", "fielddesk_core::view::form::Missing"),
    error("WorkflowError", "fielddesk_core::WorkflowError", true),
    error(
        "CalendarError",
        "fielddesk_core::calendar::CalendarError",
        true,
    ),
    error("ArticleError", "fielddesk_core::ArticleError", true),
    error(
        "RetrospectiveError",
        "fielddesk_core::RetrospectiveError",
        true,
    ),
    error("PreventionError", "fielddesk_core::PreventionError", true),
    error("IntakeError", "fielddesk_core::IntakeError", false),
    error("ImportError", "fielddesk_core::ImportError", false),
    error("SealedError", "fielddesk_core::SealedError", false),
    error("PassphraseError", "fielddesk_core::PassphraseError", false),
    error("ImportConflict", "fielddesk_core::ImportConflict", false),
    error("StorageError", "crate::storage::StorageError", false),
    error("CryptoError", "crate::crypto::CryptoError", false),
    label("Column", "fielddesk_core::migration::Column"),
    error("RowProblem", "fielddesk_core::migration::RowProblem", false),
    error("SheetError", "fielddesk_sheet::SheetError", false),
    error(
        "ReplicationError",
        "fielddesk_core::replication::ReplicationError",
        false,
    ),
    label("ReplicationStep", "fielddesk_core::replication::Step"),
    label("DocKind", "fielddesk_core::replication::DocKind"),
    error("Refusal", "fielddesk_core::replication::Refusal", false),
];

/// One part of a string: text as it is, or a value.
#[derive(Debug, Clone)]
enum Piece {
    Text(String),
    Value { name: String, via: Option<String> },
}

/// A section of one file: key → string, in key order.
type Section = BTreeMap<String, String>;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    for (_, path) in LOCALES {
        println!("cargo:rerun-if-changed={path}");
    }
    match generate() {
        Ok(code) => {
            let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("i18n.rs");
            fs::write(&out, code).expect("OUT_DIR is writable");
        }
        Err(problems) => {
            eprintln!(
                "error: the locale files do not agree ({} problems):",
                problems.len()
            );
            for problem in problems {
                eprintln!("  - {problem}");
            }
            process::exit(1);
        }
    }
}

/// Reads and checks both files; returns the Rust, or every problem found.
fn generate() -> Result<String, Vec<String>> {
    let mut problems = Vec::new();
    let mut files = Vec::new();
    for (_, path) in LOCALES {
        match read(path) {
            Ok(sections) => files.push(sections),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let (zh, en) = (&files[0], &files[1]);
    let [(_, zh_path), (_, en_path)] = LOCALES;

    let all: BTreeSet<&String> = zh.keys().chain(en.keys()).collect();
    for name in &all {
        let (a, b) = (zh.get(*name), en.get(*name));
        match (a, b) {
            (Some(a), Some(b)) => compare(name, a, b, &mut problems),
            (Some(_), None) => problems.push(format!("{en_path} has no [{name}] ({zh_path} has)")),
            (None, _) => problems.push(format!("{zh_path} has no [{name}] ({en_path} has)")),
        }
        let known = *name == "msg" || *name == "fmt" || ENUMS.iter().any(|e| e.section == *name);
        if !known {
            problems.push(format!(
                "[{name}] is not a section build.rs knows: add it to ENUMS in build.rs with the \
                 Rust enum it words"
            ));
        }
    }
    for e in ENUMS {
        if !all.contains(&e.section.to_string()) {
            problems.push(format!(
                "[{}] (for {}) is in neither locale file",
                e.section, e.path
            ));
        }
    }

    // Parse every string, and compare the placeholders of the keys both files have.
    let mut parsed: Vec<BTreeMap<String, BTreeMap<String, Vec<Piece>>>> = Vec::new();
    for ((_, path), sections) in LOCALES.iter().zip(&files) {
        let mut file = BTreeMap::new();
        for (name, section) in sections {
            let mut keys = BTreeMap::new();
            for (key, text) in section {
                match check(name, text) {
                    Ok(pieces) => {
                        keys.insert(key.clone(), pieces);
                    }
                    Err(why) => problems.push(format!("{path} [{name}] {key}: {why}")),
                }
            }
            file.insert(name.clone(), keys);
        }
        parsed.push(file);
    }
    for (name, keys) in &parsed[0] {
        for (key, pieces) in keys {
            let Some(other) = parsed[1].get(name).and_then(|keys| keys.get(key)) else {
                continue;
            };
            let (a, b) = (values(pieces), values(other));
            if a != b {
                problems.push(format!(
                    "[{name}] {key}: the placeholders differ: {zh_path} has {}, {en_path} has {}",
                    list(&a),
                    list(&b)
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(rust(&parsed))
}

/// One file as sections of strings.
fn read(path: &str) -> Result<BTreeMap<String, Section>, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{path}: cannot read it: {e}"))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e| format!("{path}: not valid TOML: {e}"))?;
    let mut sections = BTreeMap::new();
    for (name, value) in table {
        let toml::Value::Table(keys) = value else {
            return Err(format!(
                "{path}: `{name}` is outside any [section]; every string belongs to one"
            ));
        };
        let mut section = Section::new();
        for (key, value) in keys {
            if !is_ident(&key) || key.starts_with(|c: char| c.is_ascii_digit()) {
                return Err(format!(
                    "{path} [{name}] {key}: a key is a Rust name (CamelCase)"
                ));
            }
            let toml::Value::String(text) = value else {
                return Err(format!("{path} [{name}] {key}: the value is not a string"));
            };
            section.insert(key, text);
        }
        sections.insert(name, section);
    }
    Ok(sections)
}

/// Reports keys that one side of a section has and the other lacks.
fn compare(name: &str, zh: &Section, en: &Section, problems: &mut Vec<String>) {
    let [(_, zh_path), (_, en_path)] = LOCALES;
    for key in zh.keys().filter(|k| !en.contains_key(*k)) {
        problems.push(format!(
            "{en_path} [{name}] has no key {key} ({zh_path} has)"
        ));
    }
    for key in en.keys().filter(|k| !zh.contains_key(*k)) {
        problems.push(format!(
            "{zh_path} [{name}] has no key {key} ({en_path} has)"
        ));
    }
}

/// Parses a string by its section's rules.
fn check(section: &str, text: &str) -> Result<Vec<Piece>, String> {
    if section == "msg" {
        if text.contains(['{', '}']) {
            return Err("[msg] holds plain strings; a string with a value goes to [fmt]".into());
        }
        return Ok(vec![Piece::Text(text.to_string())]);
    }
    let pieces = parse(text)?;
    if section == "fmt" {
        let mut any = false;
        for piece in &pieces {
            if let Piece::Value { name, via } = piece {
                any = true;
                if name.starts_with(|c: char| c.is_ascii_digit()) {
                    return Err(format!(
                        "{{{name}}}: a [fmt] value has a name, not a number"
                    ));
                }
                if via.is_some() {
                    return Err(format!(
                        "{{{name}:…}}: [fmt] values are text already (`&dyn Display`)"
                    ));
                }
            }
        }
        if !any {
            return Err("no placeholder: a plain string goes to [msg]".into());
        }
    }
    Ok(pieces)
}

/// `text {name} {name:via} {{literal braces}}` → pieces.
fn parse(text: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut plain = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                plain.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                plain.push('}');
            }
            '{' => {
                let mut inside = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) => inside.push(c),
                        None => {
                            return Err("a `{` without its `}` (a literal brace is `{{`)".into())
                        }
                    }
                }
                let (name, via) = match inside.split_once(':') {
                    Some((name, via)) => (name.to_string(), Some(via.to_string())),
                    None => (inside, None),
                };
                if !is_ident(&name) {
                    return Err(format!(
                        "{{{name}}}: a placeholder is a field's name or number"
                    ));
                }
                if let Some(via) = &via {
                    if !is_ident(via) || via.starts_with(|c: char| c.is_ascii_digit()) {
                        return Err(format!("{{{name}:{via}}}: `{via}` is not a function name"));
                    }
                }
                if !plain.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut plain)));
                }
                pieces.push(Piece::Value { name, via });
            }
            '}' => return Err("a `}` without its `{` (a literal brace is `}}`)".into()),
            c => plain.push(c),
        }
    }
    if !plain.is_empty() {
        pieces.push(Piece::Text(plain));
    }
    Ok(pieces)
}

fn is_ident(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The values a string names.
fn values(pieces: &[Piece]) -> BTreeSet<&str> {
    pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Value { name, .. } => Some(name.as_str()),
            Piece::Text(_) => None,
        })
        .collect()
}

fn list(values: &BTreeSet<&str>) -> String {
    if values.is_empty() {
        return "none".into();
    }
    let names: Vec<String> = values.iter().map(|v| format!("{{{v}}}")).collect();
    names.join(", ")
}

fn snake(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A Rust string literal.
fn lit(text: &str) -> String {
    format!("{text:?}")
}

/// Every language's strings, parsed: section → key → pieces, in `LOCALES` order.
type Parsed = [BTreeMap<String, BTreeMap<String, Vec<Piece>>>];

/// Whether no string of `section` has a placeholder: its accessor then takes the value.
fn is_static(parsed: &Parsed, section: &str) -> bool {
    parsed
        .iter()
        .all(|file| file[section].values().all(|p| values(p).is_empty()))
}

/// The Rust for both (checked) files.
fn rust(parsed: &Parsed) -> String {
    let mut out = String::new();
    out.push_str(
        "// Generated by build.rs from locales/zh-CN.toml and locales/en.toml: edit those.\n\n",
    );
    msg(&mut out, parsed);
    fmt(&mut out, parsed);
    for e in ENUMS {
        enum_section(&mut out, e, parsed);
    }
    out
}

/// A `[msg]` string: its one text piece (none when empty).
fn plain(pieces: &[Piece]) -> &str {
    match pieces {
        [Piece::Text(text)] => text,
        _ => "",
    }
}

fn msg(out: &mut String, parsed: &Parsed) {
    let keys: Vec<&String> = parsed[0]["msg"].keys().collect();
    out.push_str("/// `[msg]`: the plain strings (each variant's doc is its zh-CN text).\n");
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq)]\npub enum Msg {\n");
    for key in &keys {
        let text = plain(&parsed[0]["msg"][*key]);
        let _ = writeln!(out, "    #[doc = {}]\n    {key},", lit(text));
    }
    out.push_str("}\n\n");
    out.push_str(
        "/// A plain string in `lang`.\npub fn t(lang: Lang, msg: Msg) -> &'static str {\n",
    );
    out.push_str("    let strings = match lang {\n");
    for (variant, _) in LOCALES {
        let _ = writeln!(
            out,
            "        Lang::{variant} => &MSG_{},",
            variant.to_uppercase()
        );
    }
    out.push_str("    };\n    strings[msg as usize]\n}\n\n");
    for ((variant, path), file) in LOCALES.iter().zip(parsed) {
        let _ = writeln!(
            out,
            "/// `[msg]` of {path}, in `Msg`'s order.\nstatic MSG_{}: [&str; {}] = [",
            variant.to_uppercase(),
            keys.len()
        );
        for key in &keys {
            let _ = writeln!(out, "    {},", lit(plain(&file["msg"][*key])));
        }
        out.push_str("];\n\n");
    }
}

fn fmt(out: &mut String, parsed: &Parsed) {
    out.push_str("/// `[fmt]`: strings with named values; `F::Key { name: &value }.text(lang)`.\n");
    out.push_str("#[derive(Clone, Copy)]\npub enum F<'a> {\n");
    for (key, pieces) in &parsed[0]["fmt"] {
        let fields: Vec<String> = values(pieces)
            .iter()
            .map(|v| format!("{v}: &'a dyn std::fmt::Display"))
            .collect();
        let _ = writeln!(out, "    {key} {{ {} }},", fields.join(", "));
    }
    out.push_str("}\n\nimpl F<'_> {\n    /// The string in `lang`, its values filled in.\n");
    out.push_str("    pub fn text(&self, lang: Lang) -> String {\n        match lang {\n");
    for ((variant, _), file) in LOCALES.iter().zip(parsed) {
        let _ = writeln!(out, "            Lang::{variant} => match self {{");
        for (key, pieces) in &file["fmt"] {
            let names: Vec<&str> = values(pieces).into_iter().collect();
            // The values are plain bindings, so the format string names them inline.
            let mut template = String::new();
            for piece in pieces {
                match piece {
                    Piece::Text(text) => template.push_str(&braces(text)),
                    Piece::Value { name, .. } => {
                        let _ = write!(template, "{{{name}}}");
                    }
                }
            }
            let _ = writeln!(
                out,
                "                F::{key} {{ {} }} => format!({}),",
                names.join(", "),
                lit(&template)
            );
        }
        out.push_str("            },\n");
    }
    out.push_str("        }\n    }\n}\n\n");
}

/// Text for a `format!` string: its braces doubled.
fn braces(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

fn enum_section(out: &mut String, e: &EnumSection, parsed: &Parsed) {
    let by_value = is_static(parsed, e.section);
    let accessor = snake(e.section);
    let (section, path) = (e.section, e.path);
    let _ = writeln!(out, "/// `[{section}]`: `{path}` in `lang`.");
    // The patterns are `Type::Variant { .. }` whatever the variant's shape, which clippy
    // flags for unit variants; build.rs cannot see the shapes, the compiler checks them.
    out.push_str("#[allow(clippy::unneeded_struct_pattern)]\n");
    if by_value {
        let _ = writeln!(
            out,
            "pub fn {accessor}(lang: Lang, value: {path}) -> &'static str {{\n    match lang {{"
        );
    } else if e.rule {
        let _ = writeln!(
            out,
            "pub fn {accessor}(lang: Lang, value: &{path}) -> String {{\n    let text = match lang {{"
        );
    } else {
        let _ = writeln!(
            out,
            "pub fn {accessor}(lang: Lang, value: &{path}) -> String {{\n    match lang {{"
        );
    }
    for ((variant, file_path), file) in LOCALES.iter().zip(parsed) {
        let _ = writeln!(
            out,
            "        // Each variant of {path} needs its line in [{section}] of {file_path}.\n        Lang::{variant} => match value {{"
        );
        for (key, pieces) in &file[section] {
            let fields: Vec<String> = values(pieces)
                .iter()
                .map(|v| format!("{v}: v_{v}"))
                .chain(std::iter::once("..".to_string()))
                .collect();
            let _ = writeln!(
                out,
                "            {path}::{key} {{ {} }} => {},",
                fields.join(", "),
                expression(pieces, by_value, parsed)
            );
        }
        out.push_str("        },\n");
    }
    if e.rule && !by_value {
        out.push_str("    };\n    with_rule(lang, text, value)\n}\n\n");
    } else {
        out.push_str("    }\n}\n\n");
    }
    if e.localize {
        let call = if by_value {
            format!("std::borrow::Cow::Borrowed({accessor}(lang, *self))")
        } else {
            format!("std::borrow::Cow::Owned({accessor}(lang, self))")
        };
        let _ = writeln!(
            out,
            "impl Localize for {path} {{\n    fn localize(&self, lang: Lang) -> std::borrow::Cow<'_, str> {{\n        {call}\n    }}\n}}\n"
        );
    }
}

/// The Rust expression for one variant's string; its fields are bound as `v_<field>`.
fn expression(pieces: &[Piece], by_value: bool, parsed: &Parsed) -> String {
    let arg = |name: &str, via: &Option<String>| match via {
        None => format!("Localize::localize(v_{name}, lang)"),
        Some(via) => {
            // A section's accessor with no placeholders takes its (Copy) value; anything else
            // takes the reference the pattern bound.
            let by_value = ENUMS
                .iter()
                .any(|e| snake(e.section) == *via && is_static(parsed, e.section));
            let star = if by_value { "*" } else { "" };
            format!("{via}(lang, {star}v_{name})")
        }
    };
    match pieces {
        [] if by_value => lit(""),
        [] => "String::new()".into(),
        [Piece::Text(text)] if by_value => lit(text),
        [Piece::Text(text)] => format!("String::from({})", lit(text)),
        [Piece::Value { name, via: None }] => format!("{}.into_owned()", arg(name, &None)),
        [Piece::Value { name, via }] => format!("{}.to_string()", arg(name, via)),
        _ => {
            let mut template = String::new();
            let mut args = Vec::new();
            for piece in pieces {
                match piece {
                    Piece::Text(text) => template.push_str(&braces(text)),
                    Piece::Value { name, via } => {
                        template.push_str("{}");
                        args.push(arg(name, via));
                    }
                }
            }
            format!("format!({}, {})", lit(&template), args.join(", "))
        }
    }
}
