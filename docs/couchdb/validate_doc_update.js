function (newDoc, oldDoc, userCtx, secObj) {
  // Fielddesk's validate_doc_update (installed as _design/fielddesk by scripts/couchdb-setup.sh;
  // docs/couchdb/fielddesk-design.json holds this exact text). Fielddesk writes one document per
  // immutable fact, once, with _bulk_docs new_edits:false: nothing is ever edited or deleted, and
  // only the team (role fielddesk-team) or an admin may write. ES5 only: CouchDB's JavaScript
  // engines differ between releases. No comment may precede "function": some servers evaluate
  // "return " + this text.
  var id = String(newDoc._id);
  // CouchDB lets only admins write design documents; updating this one must stay possible.
  if (id.substring(0, 8) === '_design/') {
    return;
  }

  var roles = (userCtx && userCtx.roles) || [];
  var name = userCtx && userCtx.name;
  var dbAdmins = (secObj && secObj.admins) || {};
  function has(list, value) {
    return !!list && list.indexOf(value) !== -1;
  }
  function anyOf(list, values) {
    for (var i = 0; values && i < values.length; i++) {
      if (has(list, values[i])) return true;
    }
    return false;
  }
  var isAdmin = has(roles, '_admin') || (name !== null && has(dbAdmins.names, name)) ||
    anyOf(dbAdmins.roles, roles);
  if (!isAdmin && !has(roles, 'fielddesk-team')) {
    throw({
      forbidden: 'read-only account: writing to this database needs the role fielddesk-team (user ' +
        (name || 'anonymous') + ' does not have it)'
    });
  }

  var kind = id.substring(0, 2);
  if (kind !== 't:' && kind !== 'a:' && kind !== 's:' && kind !== 'f:') {
    throw({
      forbidden: 'not a Fielddesk document id: ' + id.substring(0, 80) +
        ' (ids start with t:, a:, s: or f:)'
    });
  }
  if (id.length === 2) {
    throw({forbidden: 'not a Fielddesk document id: nothing follows ' + kind});
  }

  if (newDoc._deleted === true) {
    throw({forbidden: 'Fielddesk documents are never deleted (' + id.substring(0, 80) + ')'});
  }

  if (oldDoc && oldDoc._deleted !== true) {
    // CouchDB never calls this function for a replicated revision the database already holds
    // (a resend is a no-op there). pouchdb-server, a test server running this text in Node, does,
    // with the stored document as oldDoc: there only, let the stored revision with the same
    // content through. (It cannot be told from an edit that keeps the content, which CouchDB
    // must refuse, hence the check for Node, which CouchDB's JavaScript engines are not.)
    var onPouchdbServer = typeof process !== 'undefined' && !!process.versions &&
      !!process.versions.node;
    if (onPouchdbServer && newDoc._rev === oldDoc._rev && sameContent(newDoc, oldDoc)) {
      return;
    }
    throw({
      forbidden: 'Fielddesk documents are immutable: ' + id.substring(0, 80) +
        ' exists already and may not be changed'
    });
  }

  // Every field not starting with "_" (the revision covers exactly these), compared by value.
  function sameContent(a, b) {
    return canonical(strip(a)) === canonical(strip(b));
  }
  function strip(doc) {
    var out = {};
    for (var key in doc) {
      if (Object.prototype.hasOwnProperty.call(doc, key) && key.charAt(0) !== '_') {
        out[key] = doc[key];
      }
    }
    return out;
  }
  function canonical(value) {
    if (value === null || typeof value !== 'object') {
      return JSON.stringify(value);
    }
    if (Object.prototype.toString.call(value) === '[object Array]') {
      var items = [];
      for (var i = 0; i < value.length; i++) items.push(canonical(value[i]));
      return '[' + items.join(',') + ']';
    }
    var keys = [];
    for (var key in value) {
      if (Object.prototype.hasOwnProperty.call(value, key)) keys.push(key);
    }
    keys.sort();
    var parts = [];
    for (var k = 0; k < keys.length; k++) {
      parts.push(JSON.stringify(keys[k]) + ':' + canonical(value[keys[k]]));
    }
    return '{' + parts.join(',') + '}';
  }
}
