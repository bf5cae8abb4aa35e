//! What the profile bar tells the user after an action: typed notices and problems (their
//! words are in `crate::i18n::profiles`), and the import of a report into the store, which
//! decides what each imported entry became.

use super::error::ImportError;
use super::load::{LoadError, LoadReport};
use super::profile::ProfileListError;
use super::report::{ImportReport, ProfileNote, Skipped};
use super::secrets::SecretsError;
use super::store::{ProfileStore, StoreError};

/// One line of an import's outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportLine {
    /// Stored under `name`, with what the user should check.
    Imported {
        /// The name it was stored under.
        name: String,
        /// What was changed or needs attention.
        notes: Vec<ProfileNote>,
    },
    /// Read from the file but refused by the store.
    NotSaved {
        /// The profile's name.
        name: String,
        /// Why the store refused it.
        error: StoreError,
    },
    /// An entry of the file that was left out.
    Skipped(Skipped),
}

/// Something that went as asked, told in the notice area.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProfileNotice {
    /// The browser is sealing the secrets (it takes a moment).
    Encrypting,
    /// A profile was stored; `encrypted` when its secrets were sealed with it.
    Saved {
        /// The profile's name.
        name: String,
        /// Whether the secrets were stored, sealed.
        encrypted: bool,
    },
    /// A profile was deleted.
    Deleted {
        /// The profile's name.
        name: String,
    },
    /// An import's outcome, line by line.
    Imported(Vec<ImportLine>),
    /// The stored profiles loaded, but some were repaired or left out.
    Repaired(LoadReport),
}

/// Something that failed, told in the error area.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProfileProblem {
    /// Saving is refused because the stored profiles could not be read (it would overwrite them).
    SavingOff,
    /// The passphrase prompt was submitted empty.
    PassphraseEmpty,
    /// The chosen import file could not be read by the browser.
    FileUnreadable,
    /// The stored profiles could not be read; they are left untouched.
    StoreUnreadable(LoadError),
    /// The store refused an operation.
    Store(StoreError),
    /// The import file was refused as a whole.
    Import(ImportError),
    /// Saved secrets could not be opened or used.
    Secrets(SecretsError),
    /// The page has an element with the demo block's id that is not a JSON data block (what
    /// was found instead, as markup).
    DemoUnreadable(String),
    /// The page's demo profile block is not a valid profile list.
    Demo(ProfileListError),
}

impl ProfileStore {
    /// Saves every profile of `report` (renamed first where the store has the name; secrets
    /// in them are blanked by [`ProfileStore::save`]) and says what became of each entry, in
    /// file order, skipped entries last.
    pub fn import_report(&mut self, mut report: ImportReport) -> Vec<ImportLine> {
        report.avoid_names(|n| self.contains(n));
        let mut lines = Vec::new();
        for imported in report.profiles {
            let name = imported.profile.name.clone();
            lines.push(ImportLine::Imported {
                name: name.clone(),
                notes: imported.notes,
            });
            if let Err(error) = self.save(imported.profile, None) {
                lines.push(ImportLine::NotSaved { name, error });
            }
        }
        lines.extend(report.skipped.into_iter().map(ImportLine::Skipped));
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::super::import_file;
    use super::*;
    use crate::model::profiles::secrets_of;

    #[test]
    fn an_import_renames_against_the_store_and_never_keeps_clear_secrets() {
        let mut store = ProfileStore::default();
        let file = r#"{"profiles":[
            {"name":"A","mode":"generic","url":"ws://h","password":"clear-pass","username":"u"},
            "junk"
        ]}"#;
        let first = store.import_report(import_file(file).unwrap());
        assert!(matches!(&first[0], ImportLine::Imported { name, .. } if name == "A"));
        assert!(matches!(&first[1], ImportLine::Skipped(s) if s.position == 2));
        let again = store.import_report(import_file(file).unwrap());
        assert!(
            matches!(&again[0], ImportLine::Imported { name, notes } if name == "A (2)"
                && notes.contains(&ProfileNote::Renamed { from: "A".into() })),
            "{again:?}"
        );
        assert_eq!(store.len(), 2);
        assert!(!store.to_json().contains("clear-pass"));
        assert!(store
            .list()
            .iter()
            .all(|p| secrets_of(&p.profile().form).is_empty()));
    }
}
