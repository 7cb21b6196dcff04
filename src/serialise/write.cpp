// The Serd writer fed with sorted quads; prefixed names computed here (Serd 0.30 does not
// abbreviate local names that contain '-' or '_', so we hand it CURIE nodes ourselves).
#include "serialise/write.hpp"

#include <algorithm>
#include <exception>
#include <numeric>
#include <unordered_map>

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
std::size_t decode(std::string_view s, std::size_t i, std::uint32_t& cp) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  if (b < 0x80) {
    cp = b;
    return 1;
  }
  if ((b & 0xE0) == 0xC0) { cp = b & 0x1FU; n = 2; }
  else if ((b & 0xF0) == 0xE0) { cp = b & 0x0FU; n = 3; }
  else if ((b & 0xF8) == 0xF0) { cp = b & 0x07U; n = 4; }
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6U) | (c & 0x3FU);
  }
  return n;
}

}  // namespace

bool turtle_local_name(std::string_view local, std::string& escaped) {
  escaped.clear();
  for (std::size_t i = 0; i < local.size();) {
    std::uint32_t cp = 0;
    const std::size_t n = decode(local, i, cp);
    if (n == 0) return false;
    const bool first = i == 0;
    const bool last = i + n == local.size();
    if (cp == '%') {
      return false;  // percent escapes: written as full IRIs too
    }
    if (false) {
      // PLX percent escape: % HEX HEX.
      auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
      if (i + 2 >= local.size() || !hex(local[i + 1]) || !hex(local[i + 2])) return false;
      escaped.append(local.substr(i, 3));
      i += 3;
      continue;
    }
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

struct Sink {
  std::string* out;
  static std::size_t write(const void* buf, std::size_t len, void* stream) noexcept {
    auto* self = static_cast<Sink*>(stream);
    try {
      self->out->append(static_cast<const char*>(buf), len);
      return len;
    } catch (...) {
      return 0;
    }
  }
};

class Shortener {
public:
  Shortener(const std::vector<graph::Prefix>& prefixes) {  // NOLINT
    for (const graph::Prefix& p : prefixes) prefixes_.push_back(&p);
    // Longest namespace first, then by name, so the choice is deterministic.
    std::sort(prefixes_.begin(), prefixes_.end(), [](const auto* a, const auto* b) {
      if (a->iri.size() != b->iri.size()) return a->iri.size() > b->iri.size();
      return a->name < b->name;
    });
  }
  /// The prefixed name for an IRI, or empty; marks the prefix used.
  const std::string* shorten(std::string_view iri) {
    auto [it, inserted] = cache_.try_emplace(std::string(iri));
    if (!inserted) {
      if (!it->second.empty()) used_[it->second.substr(0, it->second.find(':'))] = true;
      return it->second.empty() ? nullptr : &it->second;
    }
    for (const graph::Prefix* p : prefixes_) {
      if (iri.size() > p->iri.size() && iri.substr(0, p->iri.size()) == p->iri &&
          turtle_local_name(iri.substr(p->iri.size()), escaped_)) {
        it->second = p->name + ":" + escaped_;
        used_[p->name] = true;
        return &it->second;
      }
    }
    return nullptr;
  }
  bool used(const std::string& name) const { return used_.count(name) != 0; }

private:
  std::vector<const graph::Prefix*> prefixes_;
  std::unordered_map<std::string, std::string> cache_;
  std::unordered_map<std::string, bool> used_;
  std::string escaped_;
};

}  // namespace

Result<void> write_graph(const graph::Graph& graph, const WriteOptions& options,
                         std::string& out) {
  using graph::Quad;
  using graph::TermId;
  const graph::TermTable& terms = graph.terms();
  const std::vector<std::uint32_t> rank = terms.ranks();
  const TermId type_id = terms.find(graph::TermKind::iri, rdf_type);
  const bool quads_out = options.syntax == rdf::Syntax::trig || options.syntax == rdf::Syntax::nquads;
  const bool abbreviated = options.syntax == rdf::Syntax::turtle || options.syntax == rdf::Syntax::trig;

  // Output order: graph, subject, predicate (rdf:type first), object, by term rank.
  const std::vector<Quad>& quads = graph.quads();
  std::vector<std::uint32_t> order(quads.size());
  std::iota(order.begin(), order.end(), 0U);
  auto pred_rank = [&](TermId p) { return p == type_id ? 0U : rank[p]; };
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const Quad& x = quads[a];
    const Quad& y = quads[b];
    const std::uint32_t gx = quads_out ? (x.g ? rank[x.g] : 0U) : 0U;
    const std::uint32_t gy = quads_out ? (y.g ? rank[y.g] : 0U) : 0U;
    if (gx != gy) return gx < gy;
    if (x.s != y.s) return rank[x.s] < rank[y.s];
    if (x.p != y.p) return pred_rank(x.p) < pred_rank(y.p);
    return rank[x.o] < rank[y.o];
  });
  // Turtle and N-Triples merge graphs: drop repeats of the same triple.
  if (!quads_out) {
    order.erase(std::unique(order.begin(), order.end(),
                            [&](std::uint32_t a, std::uint32_t b) {
                              return quads[a].s == quads[b].s && quads[a].p == quads[b].p &&
                                     quads[a].o == quads[b].o;
                            }),
                order.end());
  }

  Shortener shortener(graph.prefixes());
  // Pass 1 (abbreviated syntaxes): find which prefixes are used.
  if (abbreviated) {
    auto touch = [&](TermId id) {
      const graph::Term t = terms.get(id);
      if (t.is_iri()) shortener.shorten(t.value);
      if (t.is_literal() && t.datatype != 0) shortener.shorten(terms.get(t.datatype).value);
    };
    for (std::uint32_t i : order) {
      const Quad& q = quads[i];
      touch(q.s);
      if (q.p != type_id) touch(q.p);
      touch(q.o);
      if (q.g != 0) touch(q.g);
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
  if (!writer) return io_error("<output>", "cannot create the RDF writer");

  if (abbreviated) {
    std::vector<const graph::Prefix*> used;
    for (const graph::Prefix& p : graph.prefixes()) {
      if (!options.only_used_prefixes || shortener.used(p.name)) used.push_back(&p);
    }
    std::sort(used.begin(), used.end(), [](const auto* a, const auto* b) { return a->name < b->name; });
    for (const graph::Prefix* p : used) {
      const SerdNode name = rdf::view_node(SERD_LITERAL, p->name);
      const SerdNode iri = rdf::view_node(SERD_URI, p->iri);
      if (serd_writer_set_prefix(writer.get(), &name, &iri) != SERD_SUCCESS)
        return io_error("<output>", "cannot write a prefix");
    }
  }

  std::string blank_scratch[4];
  auto node_for = [&](TermId id, bool predicate, int slot) -> SerdNode {
    const graph::Term t = terms.get(id);
    switch (t.kind) {
    case graph::TermKind::iri:
      if (abbreviated && !(predicate && id == type_id)) {
        if (const std::string* curie = shortener.shorten(t.value))
          return rdf::view_node(SERD_CURIE, *curie);
      }
      return rdf::view_node(SERD_URI, t.value);
    case graph::TermKind::blank:
      blank_scratch[slot].assign(t.value);
      return rdf::view_node(SERD_BLANK, blank_scratch[slot]);
    case graph::TermKind::literal: return rdf::view_node(SERD_LITERAL, t.value);
    }
    return SERD_NODE_NULL;
  };

  for (std::uint32_t i : order) {
    const Quad& q = quads[i];
    const SerdNode s = node_for(q.s, false, 0);
    const SerdNode p = node_for(q.p, true, 1);
    const SerdNode o = node_for(q.o, false, 2);
    SerdNode g = SERD_NODE_NULL;
    if (quads_out && q.g != 0) g = node_for(q.g, false, 3);
    SerdNode dt = SERD_NODE_NULL;
    SerdNode lang = SERD_NODE_NULL;
    const graph::Term ot = terms.get(q.o);
    if (ot.is_literal()) {
      if (!ot.lang.empty()) {
        lang = rdf::view_node(SERD_LITERAL, ot.lang);
      } else if (ot.datatype != 0) {
        dt = node_for(ot.datatype, false, 3 - (quads_out && q.g != 0 ? 0 : 0));
        if (quads_out && q.g != 0) {
          // Slot 3 holds the graph; datatype IRIs are never blank so no scratch is needed.
          dt = abbreviated && shortener.shorten(terms.get(ot.datatype).value)
                   ? rdf::view_node(SERD_CURIE, *shortener.shorten(terms.get(ot.datatype).value))
                   : rdf::view_node(SERD_URI, terms.get(ot.datatype).value);
        }
      }
    }
    const SerdStatus st = serd_writer_write_statement(
        writer.get(), 0, g.buf ? &g : nullptr, &s, &p, &o, dt.buf ? &dt : nullptr,
        lang.buf ? &lang : nullptr);
    if (st != SERD_SUCCESS) return io_error("<output>", std::string("cannot write RDF: ") +
                                                            reinterpret_cast<const char*>(serd_strerror(st)));
  }
  if (serd_writer_finish(writer.get()) != SERD_SUCCESS)
    return io_error("<output>", "cannot finish the RDF output");
  return {};
}

}  // namespace factloom::serialise
