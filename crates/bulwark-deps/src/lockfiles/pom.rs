//! Maven's `pom.xml`.
//!
//! The `<dependencies>` of the project are its Direct Maven packages (`group:artifact`):
//! `${…}` references are interpolated from `<properties>` and the project's own coordinates
//! (`project.version`, `project.groupId`, `project.parent.version`, …), recursively with a depth
//! limit and cycle detection; `<dependencyManagement>` fills in missing versions and scopes.
//! `test`/`provided` scopes are Dev, `<optional>true</optional>` is Optional. A version that
//! stays unknown — an undefined property, a range like `[1.0,2.0)`, none at all — is unpinned.
//!
//! Only this file is read: parent POMs, imported BOMs (`<scope>import</scope>`), profiles and
//! plugin dependencies are not, so versions they provide show up as unpinned. DTDs are refused
//! (roxmltree's default), so entities are never expanded.

use super::Companions;
use super::text::{LineLocator, utf8};
use crate::{Ecosystem, Inventory, Package, Relationship, Scope, Unpinned};
use bulwark_core::{Problem, SourceFile};
use roxmltree::{Document, Node};
use std::collections::HashMap;

/// `${a}` → `${b}` → … chains longer than this are reported rather than followed.
const MAX_DEPTH: usize = 10;

/// Parses one `pom.xml` on its own (parents and BOMs are never fetched).
pub fn parse(file: &SourceFile<'_>, _companions: &dyn Companions) -> Result<Inventory, Problem> {
    let source = utf8(file.bytes)?;
    let doc = Document::parse(source).map_err(|e| xml_error(&e, source))?;
    let project = doc.root_element();
    if project.tag_name().name() != "project" {
        return Err(Problem {
            line: Some(line_of(&doc, project)),
            message: "the root element is not <project>".into(),
        });
    }
    let properties = Properties::of(project);
    let mut pom = Pom {
        doc: &doc,
        path: file.path,
        properties,
        managed: HashMap::new(),
        inventory: Inventory::default(),
    };
    let managed = child(project, "dependencyManagement").and_then(|m| child(m, "dependencies"));
    for node in dependencies(managed) {
        let is_bom_import = text(node, "scope") == Some("import");
        if let Some(name) = pom.name(node).filter(|_| !is_bom_import) {
            pom.managed.insert(name, node);
        }
    }
    for node in dependencies(child(project, "dependencies")) {
        pom.dependency(node);
    }
    Ok(pom.inventory)
}

struct Pom<'d, 'i> {
    doc: &'d Document<'i>,
    path: &'d str,
    properties: Properties,
    /// `group:artifact` → its `<dependencyManagement>` entry.
    managed: HashMap<String, Node<'d, 'i>>,
    inventory: Inventory,
}

impl<'d, 'i> Pom<'d, 'i> {
    /// `group:artifact` of a `<dependency>`, or a problem when either part is missing or
    /// unresolved.
    fn name(&mut self, node: Node<'d, 'i>) -> Option<String> {
        let part = |field: &str| match text(node, field) {
            None => Err(format!("<dependency> without <{field}>")),
            Some(raw) => self
                .properties
                .resolve(raw)
                .map_err(|why| format!("<{field}> {why}")),
        };
        match (part("groupId"), part("artifactId")) {
            (Ok(group), Ok(artifact)) => Some(format!("{group}:{artifact}")),
            (Err(message), _) | (_, Err(message)) => {
                let line = line_of(self.doc, node);
                self.inventory.problems.push(Problem {
                    line: Some(line),
                    message,
                });
                None
            }
        }
    }

    fn dependency(&mut self, node: Node<'d, 'i>) {
        let Some(name) = self.name(node) else {
            return;
        };
        let line = line_of(self.doc, node);
        let managed = self.managed.get(&name).copied();
        let field =
            |field: &str| text(node, field).or_else(|| managed.and_then(|m| text(m, field)));
        let raw = field("version").unwrap_or_default();
        let version = match self.properties.resolve(raw) {
            Ok(version) => version,
            Err(why) => {
                if !why.starts_with("undefined") {
                    self.inventory.problems.push(Problem {
                        line: Some(line),
                        message: format!("version of {name}: {why}"),
                    });
                }
                String::new()
            }
        };
        let is_range = version.starts_with(['[', '(']) || version.contains(',');
        if version.is_empty() || is_range {
            let requirement = if version.is_empty() { raw } else { &version };
            self.inventory.unpinned.push(Unpinned {
                ecosystem: Ecosystem::Maven,
                name,
                requirement: requirement.to_string(),
                path: self.path.to_string(),
                line,
            });
            return;
        }
        let resolved = |field: &str| field_value(&self.properties, field, node, managed);
        let scope = resolved("scope");
        let optional = resolved("optional");
        let mut package = Package::new(Ecosystem::Maven, &name, &version, self.path, line);
        package.relationship = Relationship::Direct;
        package.scope = match (scope.as_deref(), optional.as_deref()) {
            (Some("test" | "provided"), _) => Scope::Dev,
            (_, Some("true")) => Scope::Optional,
            _ => Scope::Runtime,
        };
        self.inventory.packages.push(package);
    }
}

/// A field of the dependency or, failing that, of its managed entry, interpolated.
fn field_value(
    properties: &Properties,
    field: &str,
    node: Node<'_, '_>,
    managed: Option<Node<'_, '_>>,
) -> Option<String> {
    let raw = text(node, field).or_else(|| managed.and_then(|m| text(m, field)))?;
    properties.resolve(raw).ok()
}

/// Values `${name}` may refer to.
struct Properties(HashMap<String, String>);

impl Properties {
    fn of(project: Node<'_, '_>) -> Properties {
        let mut values: HashMap<String, String> = HashMap::new();
        if let Some(properties) = child(project, "properties") {
            for property in properties.children().filter(Node::is_element) {
                let value = property.text().unwrap_or_default().trim();
                values.insert(property.tag_name().name().to_string(), value.to_string());
            }
        }
        let parent = child(project, "parent");
        for field in ["groupId", "artifactId", "version"] {
            let own = text(project, field);
            let inherited = parent.and_then(|p| text(p, field));
            if let Some(value) = inherited {
                values.insert(format!("project.parent.{field}"), value.to_string());
            }
            // groupId and version are inherited from the parent when not set.
            let value = if field == "artifactId" {
                own
            } else {
                own.or(inherited)
            };
            if let Some(value) = value {
                values.insert(format!("project.{field}"), value.to_string());
            }
        }
        Properties(values)
    }

    /// `raw` with every `${…}` replaced; the error says which reference failed and why.
    fn resolve(&self, raw: &str) -> Result<String, String> {
        self.expand(raw, &mut Vec::new())
    }

    fn expand<'s>(&'s self, raw: &str, chain: &mut Vec<&'s str>) -> Result<String, String> {
        let mut out = String::new();
        let mut rest = raw;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let end = after
                .find('}')
                .ok_or_else(|| format!("unclosed `${{` in `{raw}`"))?;
            let name = &after[..end];
            let Some((key, value)) = self.0.get_key_value(name) else {
                return Err(format!("undefined property `${{{name}}}`"));
            };
            if chain.contains(&key.as_str()) {
                return Err(format!("property cycle: {} → {name}", chain.join(" → ")));
            }
            if chain.len() >= MAX_DEPTH {
                return Err(format!(
                    "properties nested deeper than {MAX_DEPTH} at `{name}`"
                ));
            }
            chain.push(key);
            out.push_str(&self.expand(value, chain)?);
            chain.pop();
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// The `<dependency>` elements of a `<dependencies>` element.
fn dependencies<'d, 'i>(list: Option<Node<'d, 'i>>) -> impl Iterator<Item = Node<'d, 'i>> {
    list.into_iter()
        .flat_map(|list| list.children())
        .filter(|node| node.is_element() && node.tag_name().name() == "dependency")
}

/// The first child element called `name` (any namespace: POMs may or may not declare one).
fn child<'d, 'i>(node: Node<'d, 'i>, name: &str) -> Option<Node<'d, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

/// The trimmed text of the child element called `name`, if any.
fn text<'d>(node: Node<'d, '_>, name: &str) -> Option<&'d str> {
    child(node, name)
        .and_then(|c| c.text())
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

fn line_of(doc: &Document<'_>, node: Node<'_, '_>) -> u32 {
    doc.text_pos_at(node.range().start).row
}

fn xml_error(error: &roxmltree::Error, source: &str) -> Problem {
    // roxmltree places these errors at the start; the end or the DOCTYPE is where they are.
    let locator = LineLocator::new(source);
    let line = match error {
        roxmltree::Error::UnexpectedEndOfStream | roxmltree::Error::UnclosedRootNode => {
            locator.line_of(source.len().saturating_sub(1))
        }
        roxmltree::Error::DtdDetected => locator.find("<!DOCTYPE").max(1),
        other => other.pos().row,
    };
    let message = match error {
        roxmltree::Error::DtdDetected => {
            "pom.xml has a DTD; refused so that no entity is ever expanded".to_string()
        }
        other => format!("invalid XML: {other}"),
    };
    Problem {
        line: Some(line),
        message,
    }
}

#[cfg(test)]
mod tests;
