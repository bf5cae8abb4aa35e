//! Uploaded `.proto` texts compiled by `protox` into a descriptor pool, in memory: imports
//! resolve by name among the uploaded files, then among the Google well-known types protox
//! carries (`google/protobuf/timestamp.proto`, `struct.proto`, `any.proto`, …).

use std::collections::HashMap;
use std::path::Path;

use miette::Diagnostic;
use prost_reflect::prost_types::FileDescriptorProto;
use prost_reflect::DescriptorPool;
use protox::file::{ChainFileResolver, File, FileResolver, GoogleFileResolver};

use super::error::{ProtoCompileError, SourcePosition};

/// The uploaded files, already parsed, by the name imports use.
struct Uploaded(HashMap<String, File>);

impl FileResolver for Uploaded {
    fn resolve_path(&self, path: &Path) -> Option<String> {
        let name = path.to_str()?;
        self.0.contains_key(name).then(|| name.to_owned())
    }

    fn open_file(&self, name: &str) -> Result<File, protox::Error> {
        self.0
            .get(name)
            .cloned()
            .ok_or_else(|| protox::Error::file_not_found(name))
    }
}

/// Compiles `files` (name as imported, source text) into one pool holding them and everything
/// they import.
pub(super) fn compile(files: &[(String, String)]) -> Result<DescriptorPool, ProtoCompileError> {
    let mut parsed = HashMap::new();
    for (name, source) in files {
        let file = File::from_source(name, source).map_err(|e| convert(&e, files))?;
        if parsed.insert(name.clone(), file).is_some() {
            return Err(ProtoCompileError::DuplicateFile { file: name.clone() });
        }
    }
    // protox reports a missing import too, but names the missing file only inside its English
    // message; checking first gives the name as data, and the place of the `import`.
    let google = GoogleFileResolver::new();
    for (name, source) in files {
        let Some(file) = parsed.get(name) else {
            continue;
        };
        let descriptor = file.file_descriptor_proto();
        for (i, import) in descriptor.dependency.iter().enumerate() {
            if !parsed.contains_key(import) && google.open_file(import).is_err() {
                return Err(ProtoCompileError::MissingImport {
                    file: name.clone(),
                    import: import.clone(),
                    at: import_position(descriptor, i, source),
                });
            }
        }
    }
    let mut chain = ChainFileResolver::new();
    chain.add(Uploaded(parsed));
    chain.add(google);
    let mut compiler = protox::Compiler::with_file_resolver(chain);
    compiler.include_imports(true);
    for (name, _) in files {
        compiler
            .open_file(name.as_str())
            .map_err(|e| convert(&e, files))?;
    }
    Ok(compiler.descriptor_pool())
}

/// Where the `i`th import statement of a parsed file is, from the parser's source info
/// (0-based line and column there).
fn import_position(
    descriptor: &FileDescriptorProto,
    i: usize,
    source: &str,
) -> Option<SourcePosition> {
    let index = i32::try_from(i).ok()?;
    let location = descriptor
        .source_code_info
        .as_ref()?
        .location
        .iter()
        .find(|l| l.path == [3, index])?;
    let line = usize::try_from(*location.span.first()?).ok()?;
    let column = usize::try_from(*location.span.get(1)?).ok()?;
    // The span's column counts characters on the line; confirm the line exists.
    source.lines().nth(line)?;
    Some(SourcePosition {
        line: line + 1,
        column: column + 1,
    })
}

/// A protox error as ours: the file it names, the position of its first labelled span in that
/// file's source, and its message.
fn convert(error: &protox::Error, files: &[(String, String)]) -> ProtoCompileError {
    let file = error.file().map(str::to_owned);
    let source = file
        .as_deref()
        .and_then(|f| files.iter().find(|(name, _)| name == f))
        .map(|(_, source)| source.as_str());
    let offset = error
        .labels()
        .and_then(|mut labels| labels.next())
        .map(|label| label.offset());
    let at = match (source, offset) {
        (Some(source), Some(offset)) => Some(SourcePosition::of_offset(source, offset)),
        _ => None,
    };
    ProtoCompileError::Invalid {
        file,
        at,
        message: error.to_string(),
    }
}
