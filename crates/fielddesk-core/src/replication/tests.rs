//! The documents and the replicator against recorded CouchDB 3 and pouchdb-server answers.

mod codec;
mod driving;
mod fixtures;
mod pulled;
mod recorded;
