// The Serd writer fed with sorted quads; prefixed names computed here (Serd 0.30 does not
// abbreviate local names that contain '-' or '_', so we hand it CURIE nodes ourselves).
#include "serialise/write.hpp"

#include <algorithm>
#include <exception>
#include <numeric>

#include "base/io.hpp"
#include "rdf/serd.hpp"

namespace factloom::serialise {

namespace {

constexpr std::string_view rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

bool is_pn_chars_base(std::uint32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0xD6) ||
         (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
         (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) ||
         (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) ||
         (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
         (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}
bool is_pn_chars_u(std::uint32_t c) { return is_pn_chars_base(c) || c == '_'; }
bool is_pn_chars(std::uint32_t c) {
  return is_pn_chars_u(c) || c == '-' || (c >= '0' && c <= '9') || c == 0xB7 ||
         (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

/// Decodes one UTF-8 code point; returns 0 length on invalid input.
std::size_t decode(std::string_view s, std::size_t i, std::uint32_t &cp) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  if (b < 0x80) {
    cp = b;
    return 1;
  }
  if ((b & 0xE0) == 0xC0) {
    cp = b & 0x1FU;
    n = 2;
  } else if ((b & 0xF0) == 0xE0) {
    cp = b & 0x0FU;
    n = 3;
  } else if ((b & 0xF8) == 0xF0) {
    cp = b & 0x07U;
    n = 4;
  } else
    return 0;
  if (i + n > s.size())
    return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6U) | (c & 0x3FU);
  }
  return n;
}

} // namespace

bool turtle_local_name(std::string_view local, std::string &escaped) {
  escaped.clear();
  for (std::size_t i = 0; i < local.size();) {
    std::uint32_t cp = 0;
    const std::size_t n = decode(local, i, cp);
    if (n == 0)
      return false;
    const bool first = i == 0;
    const bool last = i + n == local.size();
    if (cp == '%')
      return false; // percent escapes: written as full IRIs too
    const bool plain = first ? (is_pn_chars_u(cp) || cp == ':' || (cp >= '0' && cp <= '9'))
                             : (is_pn_chars(cp) || cp == ':' || (cp == '.' && !last));
    if (plain) {
      escaped.append(local.substr(i, n));
    } else {
      // Serd writes CURIE text with its backslashes escaped, so local names that need
      // Turtle's reserved-character escapes are written as full IRIs instead.
      return false;
    }
    i += n;
  }
  return !escaped.empty();
}

namespace {

/// Serd's sink; Serd 0.30 does not always pass a failed write on, so the failure is kept here.
struct Sink {
  ByteSink *out;
  bool failed = false;
  static std::size_t write(const void *buf, std::size_t len, void *stream) noexcept {
    auto *self = static_cast<Sink *>(stream);
    if (self->failed)
      return 0;
    try {
      if (self->out->write(static_cast<const char *>(buf), len))
        return len;
    } catch (...) {
    }
    self->failed = true;
    return 0;
  }
};

/// Prefixed names, computed once per term id, and which prefixes are used.
class Shortener {
public:
  Shortener(const graph::TermTable &terms, const std::vector<graph::Prefix> &prefixes)
      : terms_(terms), state_(terms.size() + 1, 0) {
    for (std::size_t i = 0; i < prefixes.size(); ++i)
      order_.push_back(i);
    prefixes_ = &prefixes;
    // Longest namespace first, then by name, so the choice is deterministic.
    std::sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) {
      const auto &x = prefixes[a];
      const auto &y = prefixes[b];
      if (x.iri.size() != y.iri.size())
        return x.iri.size() > y.iri.size();
      return x.name < y.name;
    });
    used_.assign(prefixes.size(), false);
  }
  /// The prefixed name of an IRI term, or an empty view; marks its prefix used.
  std::string_view shorten(graph::TermId id) {
    std::uint32_t &st = state_[id];
    if (st == 0)
      st = compute(id);
    if (st == 1)
      return {};
    const Entry &e = entries_[st - 2];
    used_[e.prefix] = true;
    return std::string_view(arena_.data() + e.offset, e.length);
  }
  bool used(std::size_t prefix) const { return used_[prefix]; }

private:
  struct Entry {
    std::size_t offset;
    std::uint32_t length;
    std::uint32_t prefix;
  };
  std::uint32_t compute(graph::TermId id) {
    const graph::Term t = terms_.get(id);
    if (!t.is_iri())
      return 1;
    for (std::size_t i : order_) {
      const graph::Prefix &p = (*prefixes_)[i];
      if (t.value.size() > p.iri.size() && t.value.compare(0, p.iri.size(), p.iri) == 0 &&
          turtle_local_name(t.value.substr(p.iri.size()), escaped_)) {
        // NUL-terminated in the arena: Serd compares node buffers with strcmp.
        const std::size_t offset = arena_.size();
        arena_ += p.name;
        arena_ += ':';
        arena_ += escaped_;
        const auto length = static_cast<std::uint32_t>(arena_.size() - offset);
        arena_ += '\0';
        entries_.push_back(Entry{offset, length, static_cast<std::uint32_t>(i)});
        return static_cast<std::uint32_t>(entries_.size() + 1);
      }
    }
    return 1;
  }

  const graph::TermTable &terms_;
  const std::vector<graph::Prefix> *prefixes_ = nullptr;
  std::vector<std::size_t> order_;
  std::vector<std::uint32_t> state_; ///< 0 unknown, 1 none, k+2 entries_[k]
  std::vector<Entry> entries_;
  std::string arena_;
  std::vector<bool> used_;
  std::string escaped_;
};

SerdNode plain_node(SerdType type, std::string_view text) {
  // IRIs and prefixed names: no flags to compute (Serd uses n_bytes; buffers are NUL-terminated).
  return SerdNode{reinterpret_cast<const std::uint8_t *>(text.data()), text.size(), text.size(), 0,
                  type};
}

} // namespace

namespace {

/// Sorts `quads` in place (rewritten into rank space: plain integer order is output order)
/// and writes them.
Result<void> write_quads(const graph::TermTable &terms, const std::vector<graph::Prefix> &prefixes,
                         std::vector<graph::Quad> &quads, const WriteOptions &options,
                         ByteSink &out) {
  using graph::Quad;
  using graph::TermId;
  const TermId type_id = terms.find(graph::TermKind::iri, rdf_type);
  const bool quads_out =
      options.syntax == rdf::Syntax::trig || options.syntax == rdf::Syntax::nquads;
  const bool abbreviated =
      options.syntax == rdf::Syntax::turtle || options.syntax == rdf::Syntax::trig;

  // Output order: graph, subject, predicate (rdf:type first), object, by term rank; repeats
  // (and, for triple syntaxes, the same triple in several graphs) written once.
  std::vector<TermId> order;
  {
    const std::vector<std::uint32_t> rank = terms.ranks(&order);
    for (Quad &q : quads) {
      q = Quad{rank[q.s], q.p == type_id ? 0U : rank[q.p], rank[q.o],
               quads_out && q.g != 0 ? rank[q.g] : 0U};
    }
  }
  std::sort(quads.begin(), quads.end(), [](const Quad &a, const Quad &b) {
    if (a.g != b.g)
      return a.g < b.g;
    if (a.s != b.s)
      return a.s < b.s;
    if (a.p != b.p)
      return a.p < b.p;
    return a.o < b.o;
  });
  quads.erase(std::unique(quads.begin(), quads.end()), quads.end());
  // Back from ranks to term ids.
  for (Quad &q : quads) {
    q = Quad{order[q.s], q.p == 0 ? type_id : order[q.p], order[q.o], q.g == 0 ? 0U : order[q.g]};
  }
  std::vector<TermId>().swap(order);

  Shortener shortener(terms, prefixes);
  // Pass 1 (abbreviated syntaxes): find which prefixes are used.
  if (abbreviated) {
    auto touch = [&](TermId id) {
      const graph::Term t = terms.get(id);
      if (t.is_iri())
        shortener.shorten(id);
      else if (t.is_literal() && t.datatype != 0)
        shortener.shorten(t.datatype);
    };
    for (const Quad &q : quads) {
      touch(q.s);
      if (q.p != type_id)
        touch(q.p);
      touch(q.o);
      if (quads_out && q.g != 0)
        touch(q.g);
    }
  }

  SerdSyntax syntax = SERD_TURTLE;
  switch (options.syntax) {
  case rdf::Syntax::turtle: syntax = SERD_TURTLE; break;
  case rdf::Syntax::ntriples: syntax = SERD_NTRIPLES; break;
  case rdf::Syntax::nquads: syntax = SERD_NQUADS; break;
  case rdf::Syntax::trig: syntax = SERD_TRIG; break;
  }
  const auto style = static_cast<SerdStyle>(abbreviated ? SERD_STYLE_ABBREVIATED : 0);
  rdf::EnvPtr env(serd_env_new(nullptr));
  Sink sink{&out};
  rdf::WriterPtr writer(serd_writer_new(syntax, style, env.get(), nullptr, Sink::write, &sink));
  if (!writer)
    return io_error("<output>", "cannot create the RDF writer");
  auto failed = [&]() { return io_error("<output>", "cannot write the output"); };

  if (abbreviated) {
    std::vector<std::size_t> used;
    for (std::size_t i = 0; i < prefixes.size(); ++i) {
      if (!options.only_used_prefixes || shortener.used(i))
        used.push_back(i);
    }
    std::sort(used.begin(), used.end(),
              [&](std::size_t a, std::size_t b) { return prefixes[a].name < prefixes[b].name; });
    for (std::size_t i : used) {
      const graph::Prefix &p = prefixes[i];
      const SerdNode name = plain_node(SERD_LITERAL, p.name);
      const SerdNode iri = plain_node(SERD_URI, p.iri);
      if (serd_writer_set_prefix(writer.get(), &name, &iri) != SERD_SUCCESS || sink.failed)
        return failed();
    }
  }

  auto node_for = [&](TermId id, bool predicate) -> SerdNode {
    const graph::Term t = terms.get(id);
    switch (t.kind) {
    case graph::TermKind::iri:
      if (abbreviated && !(predicate && id == type_id)) {
        const std::string_view curie = shortener.shorten(id);
        if (!curie.empty())
          return plain_node(SERD_CURIE, curie);
      }
      return plain_node(SERD_URI, t.value);
    case graph::TermKind::blank: return plain_node(SERD_BLANK, t.value);
    case graph::TermKind::literal: return rdf::view_node(SERD_LITERAL, t.value);
    }
    return SERD_NODE_NULL;
  };

  for (const Quad &q : quads) {
    const SerdNode s = node_for(q.s, false);
    const SerdNode p = node_for(q.p, true);
    const SerdNode o = node_for(q.o, false);
    SerdNode g = SERD_NODE_NULL;
    if (quads_out && q.g != 0)
      g = node_for(q.g, false);
    SerdNode dt = SERD_NODE_NULL;
    SerdNode lang = SERD_NODE_NULL;
    const graph::Term ot = terms.get(q.o);
    if (ot.is_literal()) {
      if (!ot.lang.empty())
        lang = plain_node(SERD_LITERAL, ot.lang);
      else if (ot.datatype != 0)
        dt = node_for(ot.datatype, false);
    }
    const SerdStatus st =
        serd_writer_write_statement(writer.get(), 0, g.buf ? &g : nullptr, &s, &p, &o,
                                    dt.buf ? &dt : nullptr, lang.buf ? &lang : nullptr);
    if (st != SERD_SUCCESS || sink.failed)
      return failed();
  }
  if (serd_writer_finish(writer.get()) != SERD_SUCCESS || sink.failed)
    return failed();
  return {};
}

} // namespace

Result<void> write_graph(const graph::Graph &graph, const WriteOptions &options, std::string &out) {
  StringSink sink(out);
  return write_graph(graph, options, sink);
}

Result<void> write_graph(const graph::Graph &graph, const WriteOptions &options, ByteSink &out) {
  std::vector<graph::Quad> quads = graph.quads();
  return write_quads(graph.terms(), graph.prefixes(), quads, options, out);
}

Result<void> write_graph(graph::Graph &&graph, const WriteOptions &options, ByteSink &out) {
  std::vector<graph::Quad> quads = graph.take_quads();
  return write_quads(graph.terms(), graph.prefixes(), quads, options, out);
}

} // namespace factloom::serialise
