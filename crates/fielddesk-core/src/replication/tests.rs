//! The documents against recorded CouchDB 3 answers.

mod codec;
mod fixtures;
mod recorded;
