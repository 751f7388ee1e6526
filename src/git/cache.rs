//! An object cache that keeps trees and nothing else.
//!
//! Trees are read again and again (directories shared by many changed files,
//! a parent's tree diffed against each child), so caching them pays. Blobs
//! are read once per change, and gix's capped cache copies every object it is
//! offered before deciding whether it fits: a 100 MB staged file was held
//! twice, for nothing.

use gix::ObjectId;
use gix::object::Kind;
use gix::odb::pack::cache::Object;
use gix::odb::pack::cache::object::MemoryCappedHashmap;

struct TreesOnly(MemoryCappedHashmap);

impl Object for TreesOnly {
    fn put(&mut self, id: ObjectId, kind: Kind, data: &[u8]) {
        if kind == Kind::Tree {
            self.0.put(id, kind, data);
        }
    }

    fn get(&mut self, id: &ObjectId, out: &mut Vec<u8>) -> Option<Kind> {
        self.0.get(id, out)
    }
}

/// Caches up to `bytes` of trees for every object lookup through `repo`.
pub fn cache_trees(repo: &mut gix::Repository, bytes: usize) {
    repo.objects
        .set_object_cache(move || Box::new(TreesOnly(MemoryCappedHashmap::new(bytes))));
}
