// What the editor asks about a place in a file: completion, hover, definition, references,
// rename, the outline. Each answer is the JSON `result` of its LSP request.
#pragma once

#include <cstddef>
#include <string>

#include "lsp/protocol.hpp"
#include "lsp/workspace.hpp"

namespace factloom::lsp {

/// CompletionItem[]: kinds at a header's start, property names valid for the block's kind,
/// enumeration values, roles after `as`, ids of things of the property's range (with labels).
json completion(const Workspace &ws, const FileEntry &f, std::size_t offset);
/// Hover (or null): an id's kind, label and declaration; a kind's or property's rdfs:comment.
json hover(const Workspace &ws, const FileEntry &f, std::size_t offset);
/// Location (or null) of the declaration of the id at `offset`.
json definition(const Workspace &ws, const FileEntry &f, std::size_t offset);
/// Location[] of every use of the id at `offset` (and its declaration if `with_declaration`).
json references(const Workspace &ws, const FileEntry &f, std::size_t offset, bool with_declaration);
/// WorkspaceEdit renaming the id at `offset` everywhere; empty `error` when it can be done.
json rename(const Workspace &ws, const FileEntry &f, std::size_t offset,
            const std::string &new_name, std::string &error);
/// DocumentSymbol[]: one per block (its id, or its kind), its properties as children.
json document_symbols(const Workspace &ws, const FileEntry &f);

/// CodeAction[]: for each of the client's diagnostics with a "did you mean" replacement (in its
/// data), a quick fix that writes it in the diagnostic's range of the document `uri`.
json quick_fixes(const std::string &uri, const json &diagnostics);

/// The id declared or referred to at `offset` (empty when there is none).
std::string id_at(const FileEntry &f, std::size_t offset);

} // namespace factloom::lsp
