// Serd writers on a string: single terms and statements for requests, whole chunks for uploads.
#include "store/rdf_text.hpp"

#include <cctype>

#include <charconv>
#include <exception>

#include "base/check.hpp"
#include "rdf/serd.hpp"
#include "rdf/vocab.hpp"

namespace factloom::store {

namespace {

/// A Serd writer appending to a string. An exception in the sink (out of memory) must not
/// cross into C: it is kept and rethrown when the writer is finished.
class TextWriter {
public:
  TextWriter(ChunkSyntax syntax, std::string &out)
      : out_(&out), env_(serd_env_new(nullptr)),
        writer_(serd_writer_new(
            syntax == ChunkSyntax::turtle ? SERD_TURTLE : SERD_NTRIPLES,
            // Bulk: Serd fills pages and calls the sink once a page, not once a token.
            static_cast<SerdStyle>(SERD_STYLE_BULK |
                                   (syntax == ChunkSyntax::turtle ? SERD_STYLE_ABBREVIATED : 0)),
            env_.get(), nullptr, &TextWriter::append, this)) {
    FL_ASSERT(writer_ != nullptr, "serd_writer_new failed");
  }

  void prefix(std::string_view name, std::string_view iri) {
    const SerdNode n = rdf::view_node(SERD_LITERAL, name);
    const SerdNode i = rdf::view_node(SERD_URI, iri);
    serd_writer_set_prefix(writer_.get(), &n, &i);
  }
  void statement(const SerdNode &s, const SerdNode &p, const SerdNode &o, const SerdNode &dt,
                 const SerdNode &lang) {
    serd_writer_write_statement(writer_.get(), 0, nullptr, &s, &p, &o, dt.buf ? &dt : nullptr,
                                lang.buf ? &lang : nullptr);
  }
  void finish() {
    serd_writer_finish(writer_.get());
    if (error_)
      std::rethrow_exception(error_);
  }

private:
  static std::size_t append(const void *buf, std::size_t len, void *stream) noexcept {
    auto *self = static_cast<TextWriter *>(stream);
    try {
      self->out_->append(static_cast<const char *>(buf), len);
      return len;
    } catch (...) {
      self->error_ = std::current_exception();
      return 0;
    }
  }
  std::string *out_;
  std::exception_ptr error_;
  rdf::EnvPtr env_;
  rdf::WriterPtr writer_;
};

/// A node for an IRI or a prefixed name whose text is NUL-terminated (term tables, strings).
SerdNode text_node(SerdType type, std::string_view text) {
  return SerdNode{reinterpret_cast<const std::uint8_t *>(text.data()), text.size(), text.size(), 0,
                  type};
}

/// The nodes of one term of a graph; buffers for the texts Serd gets that the table has not.
class NodeMaker {
public:
  NodeMaker(const graph::TermTable &terms, const rdf::PrefixMap *prefixes)
      : terms_(terms), prefixes_(prefixes) {}

  /// `slot` (0..3) picks the scratch buffer, so the nodes of one statement stay valid together.
  SerdNode node(graph::TermId id, int slot) {
    const graph::TermView t = terms_.get(id);
    std::string &buf = scratch_[slot];
    switch (t.kind) {
    case graph::TermKind::iri:
      if (prefixes_ != nullptr && prefixes_->shorten(t.value, buf, rdf::LocalNames::plain))
        return text_node(SERD_CURIE, buf);
      return text_node(SERD_URI, t.value);
    case graph::TermKind::blank: {
      char digits[16];
      const auto end = std::to_chars(digits, digits + sizeof digits, id).ptr;
      buf.assign("b");
      buf.append(digits, static_cast<std::size_t>(end - digits));
      return text_node(SERD_BLANK, buf);
    }
    case graph::TermKind::literal: return rdf::view_node(SERD_LITERAL, t.value);
    }
    return SERD_NODE_NULL;
  }

  void statement(TextWriter &writer, const graph::Quad &q) {
    const SerdNode s = node(q.s, 0);
    const SerdNode p = node(q.p, 1);
    const SerdNode o = node(q.o, 2);
    SerdNode dt = SERD_NODE_NULL;
    SerdNode lang = SERD_NODE_NULL;
    const graph::TermView ot = terms_.get(q.o);
    if (ot.is_literal()) {
      if (!ot.lang.empty())
        lang = rdf::view_node(SERD_LITERAL, ot.lang);
      else if (const graph::TermId dt_id = terms_.datatype_of(q.o); dt_id != 0)
        dt = node(dt_id, 3); // Turtle: a prefixed name, so Serd never writes a bare number
    }
    writer.statement(s, p, o, dt, lang);
  }

private:
  const graph::TermTable &terms_;
  const rdf::PrefixMap *prefixes_;
  std::string scratch_[4];
};

/// "<a:> <a:> " before the object of the one statement a single term is written in.
constexpr std::string_view dummy_text = "a:";
constexpr std::size_t dummy_prefix = 10;

std::string strip_statement(std::string text, std::size_t from) {
  // "... .\n" -> "..."
  FL_ASSERT(text.size() >= from + 3, "Serd wrote no statement");
  text.resize(text.size() - 3);
  text.erase(0, from);
  return text;
}

/// `text` with the characters that N-Triples does not allow there written as \u00XX: in an
/// IRI, controls, space and <>"{}|^`\ ; in a string, controls, " and \ (\n, \r, \t short).
std::string escape_for_ntriples(std::string_view text, bool iri) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (!iri && (c == '"' || c == '\\')) {
      out += '\\';
      out += c;
    } else if (!iri && (c == '\n' || c == '\r' || c == '\t')) {
      out += c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t";
    } else if (u < 0x20 || u == 0x7F ||
               (iri &&
                (u == 0x20 || std::string_view("<>\"{}|^`\\").find(c) != std::string_view::npos))) {
      out += "\\u00";
      out += hex[u >> 4U];
      out += hex[u & 0xFU];
    } else {
      out += c;
    }
  }
  return out;
}

/// A term that Serd refuses to write (an IRI without a scheme, which N-Triples cannot hold, or
/// a blank node label it cannot write), written as N-Triples would if it could: the text kept,
/// the forbidden characters escaped. Such terms come from outside (a store's answer).
std::string fallback_term(const rdf::TermView &term) {
  switch (term.kind) {
  case rdf::TermKind::iri: return "<" + escape_for_ntriples(term.value, true) + ">";
  case rdf::TermKind::blank: {
    std::string label = "_:";
    for (const char c : term.value)
      label += std::isalnum(static_cast<unsigned char>(c)) != 0 ? c : '_';
    return label.size() == 2 ? "_:b" : label;
  }
  case rdf::TermKind::literal: break;
  }
  std::string out = "\"" + escape_for_ntriples(term.value, false) + "\"";
  if (!term.lang.empty())
    return out + "@" + std::string(term.lang);
  if (!term.datatype.empty() && term.datatype != vocab::xsd_string)
    out += "^^<" + escape_for_ntriples(term.datatype, true) + ">";
  return out;
}

} // namespace

std::string ntriples_term(const rdf::TermView &term) {
  const std::string value(term.value); // NUL-terminated for Serd
  const std::string datatype(term.datatype == vocab::xsd_string ? std::string_view{}
                                                                : term.datatype);
  const std::string lang(term.lang);
  std::string out;
  TextWriter writer(ChunkSyntax::ntriples, out);
  const SerdNode dummy = text_node(SERD_URI, dummy_text);
  SerdNode o = SERD_NODE_NULL;
  SerdNode dt = SERD_NODE_NULL;
  SerdNode l = SERD_NODE_NULL;
  switch (term.kind) {
  case rdf::TermKind::iri: o = text_node(SERD_URI, value); break;
  case rdf::TermKind::blank: o = text_node(SERD_BLANK, value); break;
  case rdf::TermKind::literal:
    o = rdf::view_node(SERD_LITERAL, value);
    if (!lang.empty())
      l = text_node(SERD_LITERAL, lang);
    else if (!datatype.empty())
      dt = text_node(SERD_URI, datatype);
    break;
  }
  writer.statement(dummy, dummy, o, dt, l);
  writer.finish();
  if (out.size() < dummy_prefix + 3 || !out.ends_with(" .\n")) // Serd refused the term
    return fallback_term(term);
  return strip_statement(std::move(out), dummy_prefix);
}

std::string ntriples_iri(std::string_view iri) {
  return ntriples_term(rdf::TermView{rdf::TermKind::iri, iri, {}, {}});
}

std::string ntriples_literal(std::string_view lexical, std::string_view datatype,
                             std::string_view lang) {
  return ntriples_term(rdf::TermView{rdf::TermKind::literal, lexical, datatype, lang});
}

std::string ntriples_statement(const graph::Graph &graph, const graph::Quad &quad) {
  std::string out;
  TextWriter writer(ChunkSyntax::ntriples, out);
  NodeMaker(graph.terms(), nullptr).statement(writer, quad);
  writer.finish();
  return strip_statement(std::move(out), 0);
}

void write_chunk(const graph::Graph &graph, std::span<const std::uint32_t> quads,
                 ChunkSyntax syntax, std::string &out) {
  rdf::PrefixMap prefixes;
  if (syntax == ChunkSyntax::turtle) {
    for (const rdf::Prefix &p : graph.prefixes()) {
      if (rdf::local_name_ok(p.name, rdf::LocalNames::plain) &&
          p.name.find_first_of("_-") == std::string::npos)
        prefixes.add(p.name, p.iri);
    }
    prefixes.merge(rdf::PrefixMap::common());
  }
  TextWriter writer(syntax, out);
  for (const rdf::Prefix &p : prefixes.entries())
    writer.prefix(p.name, p.iri);
  NodeMaker nodes(graph.terms(), syntax == ChunkSyntax::turtle ? &prefixes : nullptr);
  const auto &all = graph.quads();
  for (const std::uint32_t i : quads)
    nodes.statement(writer, all[i]);
  writer.finish();
}

} // namespace factloom::store
