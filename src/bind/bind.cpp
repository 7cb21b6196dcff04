// The binder: two passes over all files (declare every id, then emit triples), so references
// work across files and in any order, and every error is reported in one run.
#include "bind/bind.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <regex>
#include <unordered_map>
#include <unordered_set>

#include "base/check.hpp"
#include "base/open_index.hpp"
#include "bind/claims.hpp"
#include "bind/file_terms.hpp"
#include "bind/values.hpp"
#include "rdf/vocab.hpp"
#include "syntax/parse.hpp"

namespace factloom::bind {

/// A file bound in pass 2, waiting for Binder::merge(): quads with file-local term ids, the
/// checks of single values (which need every earlier file) at their places, the diagnostics.
struct BoundFile::Data {
  /// A single-valued fact: checked on merge, before the quad at `quad` (which it guards).
  struct Check {
    std::size_t quad;        ///< index in quads
    std::size_t diagnostics; ///< diagnostics of the file reported before it
    bool label;              ///< one name per language: the lang is the value's
    SingleValues::Given given;
  };
  Data(const Claims &all, const std::vector<graph::TermId> &property_terms)
      : claims(all, property_terms, terms) {}
  std::uint32_t file = 0;
  bool bound = false; ///< false: not the document declared (nothing to merge)
  FileTerms terms;
  std::vector<std::pair<graph::Quad, SourceSpan>> quads;
  std::vector<Check> checks;
  DiagnosticSink diagnostics;
  FileClaims claims;
};

namespace {

using graph::TermId;
using syntax::ast::Range;
using syntax::ast::Value;
using syntax::ast::ValueKind;

struct Entity {
  std::uint32_t hash = 0;
  std::uint32_t cls = 0;
  TermId term = 0;
  SourceSpan declared;
  std::string_view id;
};

/// What a block's own status line says, for relative dates and date checks.
enum class BlockStatus { none, planned, held };

struct FileState {
  std::uint32_t file = 0;
  const syntax::ast::Document *doc = nullptr;
  int source_entity = -1;
  std::string_view source_id;
  TermId source_term = 0;
  TermId graph = 0;
  std::optional<Date> published;
  std::string_view published_text; ///< as written, also when it is not a day
  std::string_view reference_id;   ///< the file's reference-data block, if it has one
  Range reference_at;
  TermId reference_term = 0;
  bool provenance_block = false; ///< a source or reference-data block, with or without an id
  std::vector<int> block_entity; ///< entity index per block, -1 when the block is unusable
};

class FileBinder {
public:
  FileBinder(const SourceSet &sources, const Ontology &ontology, const BindOptions &options,
             graph::QuadSink &out, DiagnosticSink &sink)
      : sources_(sources), onto_(ontology), options_(options), out_(out), terms_(out.terms()),
        sink_(sink), claims_(ontology, terms_) {
    type_ = terms_.iri(vocab::rdf_type);
    label_ = terms_.iri(vocab::rdfs_label);
    derived_ = terms_.iri(vocab::prov_was_derived_from);
    agent_ = terms_.iri(vocab::fl_agent);
    had_role_ = terms_.iri(vocab::fl_had_role);
    defined_by_ = terms_.iri(vocab::rdfs_is_defined_by);
    terms_.iri(std::string(vocab::xsd) + "boolean"); // interned here, as it always was
    class_terms_.resize(onto_.classes().size());
    for (std::size_t i = 1; i < onto_.classes().size(); ++i) {
      class_terms_[i] = terms_.iri(onto_.classes()[i].iri);
      if (onto_.classes()[i].iri == vocab::fl_reference_data)
        reference_class_ = static_cast<std::uint32_t>(i);
    }
    for (std::size_t i = 0; i < onto_.properties().size(); ++i) {
      const PropertyInfo &p = onto_.properties()[i];
      property_terms_.push_back(terms_.iri(p.iri));
      property_by_iri_[p.iri] = i;
    }
    for (const rdf::Prefix &p : onto_.prefixes())
      out_.prefix(p.name, p.iri);
    out_.prefix("", options_.base_iri);
  }

  void declare_file(std::uint32_t file, const syntax::ast::Document &doc) {
    FileState st;
    st.file = file;
    st.doc = &doc;
    st.block_entity.assign(doc.blocks.size(), -1);
    file_index_[file] = files_.size();
    files_.push_back(std::move(st));
    FileState &f = files_.back();
    find_source(f);
    check_provenance(f);
    declare(f);
    expected_ += doc.values.size() + 3 * doc.blocks.size();
    f.doc = nullptr;
  }

  /// Pass 2 of one file into `bound`, with terms of its own: reads the binder's state only, so
  /// that files bind on several threads (merge() them in file order).
  void bind_file(std::uint32_t file, const syntax::ast::Document &doc,
                 BoundFile::Data &bound) const;
  /// Pass 2 of one file straight into the sink (one thread): what bind_file() then merge() do.
  void emit_file(std::uint32_t file, const syntax::ast::Document &doc);
  /// On the sink's thread, in file order: the calls that binding the file straight would make.
  void merge(BoundFile::Data &bound);

  void finish() {}

  /// The Data of a BoundFile for this binder.
  std::unique_ptr<BoundFile::Data> make_bound() const {
    return std::make_unique<BoundFile::Data>(claims_, property_terms_);
  }

  /// Its term is interned when first used (most known ids are named by no file bound).
  void declare_known(std::string_view id, std::uint32_t cls, SourceSpan at) {
    Entity e;
    e.cls = cls;
    e.id = id;
    e.declared = at;
    e.hash = hash_id(id);
    const std::size_t slot = entity_slot(id, e.hash);
    if (entity_index_.at(slot) != 0)
      return; // a file bound declared it first: the caller binds this one too (see bind.hpp)
    entities_.push_back(e);
    entity_index_.insert(slot, static_cast<std::uint32_t>(entities_.size()), entities_.size(),
                         [this](std::uint32_t v) { return entities_[v - 1].hash; });
  }

  void set_also_known(std::function<void(const std::function<void(std::string_view)> &)> each) {
    also_known_ = std::move(each);
  }

  /// The term of entity `e` (a known id's is interned now).
  TermId entity_term_of(Entity &e) {
    if (e.term == 0)
      e.term = terms_.iri(options_.base_iri + std::string(e.id));
    return e.term;
  }

  std::uint32_t declared_file(std::string_view id) const {
    const int e = find_entity(id);
    return e < 0 ? 0 : entities_[static_cast<std::size_t>(e)].declared.file;
  }

  std::vector<Declared> declarations_of(std::uint32_t file) const {
    std::vector<Declared> out;
    const auto it = file_index_.find(file);
    if (it == file_index_.end())
      return out;
    std::unordered_set<int> seen;
    for (const int e : files_[it->second].block_entity) {
      if (e < 0 || !seen.insert(e).second)
        continue;
      const Entity &entity = entities_[static_cast<std::size_t>(e)];
      out.push_back(Declared{entity.id, entity.cls, entity.declared});
    }
    return out;
  }

  std::vector<std::string_view> ids_of(std::uint32_t file) const {
    std::vector<std::string_view> out;
    const auto it = file_index_.find(file);
    if (it == file_index_.end())
      return out;
    for (const int e : files_[it->second].block_entity) {
      if (e >= 0)
        out.push_back(entities_[static_cast<std::size_t>(e)].id);
    }
    return out;
  }

  /// After every file: the latest value of each time-varying property (bind/claims.hpp).
  bool settle_claims(unsigned jobs) {
    return claims_.settle(
        sources_, [this](const graph::Quad &q, SourceSpan from) { send(q, from); }, sink_, jobs);
  }

private:
  /// The file's state from pass 1 with `doc` attached; none when the file was not declared or
  /// `doc` is not the document declared.
  std::optional<FileState> declared_state(std::uint32_t file,
                                          const syntax::ast::Document &doc) const;
  /// Room for the quads pass 1 expects, reserved once before the first file's.
  void reserve_output();

  // ---- helpers ------------------------------------------------------------------------
  std::string_view text(const FileState &f, Range r) const {
    return sources_.get(f.file).text().substr(r.begin, r.end - r.begin);
  }
  SourceSpan span(const FileState &f, Range r) const { return SourceSpan{f.file, r.begin, r.end}; }
  /// A quad to the sink, unless the sink has asked to stop (binding goes on for its
  /// diagnostics; the sink reports why it stopped).
  void send(const graph::Quad &quad, SourceSpan from) {
    if (!stopped_ && !out_.add(quad, from))
      stopped_ = true;
  }

  std::uint32_t class_of_block(const FileState &f, const syntax::ast::Block &b, bool report) {
    const std::string_view kw = text(f, b.header.kind);
    const std::uint32_t c = onto_.find_class(kw);
    if (c == 0 && report) {
      const std::string guess = closest(kw, onto_.class_keywords());
      sink_.error(span(f, b.header.kind), "unknown kind '" + std::string(kw) + "'",
                  guess.empty()
                      ? "kinds are the classes of the ontology: " + join(onto_.class_keywords())
                      : "did you mean '" + guess + "'?");
    }
    return c;
  }

  static std::string join(const std::vector<std::string> &v) {
    std::string out;
    for (const auto &s : v)
      out += (out.empty() ? "" : ", ") + s;
    return out;
  }

  // ---- pass 0: the file's source ------------------------------------------------------
  void find_source(FileState &f) {
    for (std::size_t i = 0; i < f.doc->blocks.size(); ++i) {
      const auto &b = f.doc->blocks[i];
      const std::uint32_t c = class_of_block(f, b, false);
      if (is_reference_data(c)) {
        note_reference_data(f, b);
        continue;
      }
      if (c == 0 || !onto_.classes()[c].is_source)
        continue;
      f.provenance_block = true;
      if (!f.source_id.empty()) {
        sink_.error(span(f, b.header.kind), "a file describes one source; this is the second",
                    "put each article in its own file");
        continue;
      }
      if (b.header.id.empty()) {
        sink_.error(span(f, b.header.kind),
                    "a source needs an id (for example 'source reuters-2025-12-15')");
        continue;
      }
      f.source_id = text(f, b.header.id);
      for (std::uint32_t k = 0; k < b.property_count; ++k) {
        const auto &prop = f.doc->properties[b.first_property + k];
        const int pi = onto_.find_property(c, text(f, prop.name));
        if (pi < 0 || onto_.properties()[static_cast<std::size_t>(pi)].iri != vocab::fl_published ||
            prop.value_count != 1)
          continue;
        const Value &v = f.doc->values[prop.first_value];
        f.published_text = text(f, v.span);
        if (v.kind == ValueKind::token)
          f.published = publication_day(text(f, v.body));
      }
    }
  }

  // ---- pass 1: declarations -------------------------------------------------------------
  void declare(FileState &f) {
    std::unordered_map<std::string, int> counters;
    std::uint32_t enclosing = 0; // the kind of the block the property lines belong to
    const std::string_view owner = f.source_id.empty() ? f.reference_id : f.source_id;
    for (std::size_t i = 0; i < f.doc->blocks.size(); ++i) {
      const auto &b = f.doc->blocks[i];
      if (missing_colon(f, b, enclosing))
        continue;
      const std::uint32_t c = class_of_block(f, b, true);
      enclosing = c;
      if (c == 0)
        continue;
      const ClassInfo &cls = onto_.classes()[c];
      std::string_view id;
      SourceSpan at = span(f, b.header.id.empty() ? b.header.kind : b.header.id);
      if (!b.header.id.empty()) {
        id = text(f, b.header.id);
      } else if (cls.is_source) {
        continue; // reported in find_source
      } else if (owner.empty()) {
        continue; // the file has no source: reported by check_provenance
      } else {
        const int n = ++counters[cls.keyword];
        minted_.push_back(std::string(owner) + "/" + cls.keyword + "-" + std::to_string(n));
        id = minted_.back();
      }
      int found = find_entity(id);
      if (found < 0) {
        Entity e;
        e.cls = c;
        e.id = id;
        e.declared = at;
        e.term = terms_.iri(options_.base_iri + std::string(id));
        found = add_entity(e);
      } else {
        Entity &e = entities_[static_cast<std::size_t>(found)];
        entity_term_of(e);
        if (e.declared.file == f.file) {
          Diagnostic d{Severity::error,
                       at,
                       "'" + std::string(id) + "' is declared twice in this file",
                       "",
                       "",
                       {}};
          d.notes.push_back(
              Diagnostic{Severity::note, e.declared, "first declared here", "", "", {}});
          sink_.report(d);
          continue;
        }
        const ClassInfo &have = onto_.classes()[e.cls];
        if (cls.is_a(e.cls)) {
          e.cls = c; // the more specific kind wins
        } else if (!have.is_a(c)) {
          Diagnostic d{Severity::error,
                       at,
                       "'" + std::string(id) + "' is declared as " + onto_.describe_class(c) +
                           " here but as " + onto_.describe_class(e.cls) + " elsewhere",
                       "one id names one thing; use another id for this one",
                       "",
                       {}};
          d.notes.push_back(Diagnostic{Severity::note, e.declared, "declared here", "", "", {}});
          sink_.report(d);
          continue;
        }
      }
      f.block_entity[i] = found;
      if (is_reference_data(c) && id == f.reference_id)
        f.reference_term = entities_[static_cast<std::size_t>(found)].term;
      if (cls.is_source && id == f.source_id) {
        f.source_entity = found;
        f.source_term = entities_[static_cast<std::size_t>(found)].term;
        if (options_.named_graphs)
          f.graph = terms_.iri(options_.base_iri + std::string(id) + "/graph");
      }
    }
  }

  static std::uint32_t hash_id(std::string_view id) {
    std::uint64_t h = 1469598103934665603ULL;
    for (char c : id) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ULL;
    }
    return static_cast<std::uint32_t>(h ^ (h >> 32U));
  }

  /// The slot of `id` in the entity index (holding its entity's index + 1, or empty).
  std::size_t entity_slot(std::string_view id, std::uint32_t h) const {
    return entity_index_.probe(h, [&](std::uint32_t v) {
      const Entity &e = entities_[v - 1];
      return e.hash == h && e.id == id;
    });
  }

  int find_entity(std::string_view id) const {
    return static_cast<int>(entity_index_.at(entity_slot(id, hash_id(id)))) - 1;
  }

  int add_entity(Entity e) {
    e.hash = hash_id(e.id);
    const std::size_t slot = entity_slot(e.id, e.hash);
    entities_.push_back(e);
    entity_index_.insert(slot, static_cast<std::uint32_t>(entities_.size()), entities_.size(),
                         [this](std::uint32_t v) { return entities_[v - 1].hash; });
    return static_cast<int>(entities_.size() - 1);
  }

  /// The closest declared id to an unknown one (one guess per unknown id: a lost id is often
  /// named by hundreds of files); any thread.
  std::string guess(std::string_view id) const {
    const std::lock_guard<std::mutex> lock(guess_mutex_);
    if (all_ids_.empty()) {
      for (const Entity &e : entities_)
        all_ids_.emplace_back(e.id);
      if (also_known_)
        also_known_([this](std::string_view other) { all_ids_.emplace_back(other); });
      // Unsorted, repeats kept: closest() does not depend on the candidates' order.
    }
    const auto known = guesses_.try_emplace(std::string(id));
    if (known.second)
      known.first->second = closest(id, all_ids_);
    return known.first->second;
  }

  // ---- provenance: a source, or reference data ------------------------------------------
  bool is_reference_data(std::uint32_t c) const {
    return c != 0 && reference_class_ != 0 && onto_.classes()[c].is_a(reference_class_);
  }

  /// A `reference-data ID "NAME"` block: the file declares shared things, not an article's.
  void note_reference_data(FileState &f, const syntax::ast::Block &b) {
    f.provenance_block = true;
    if (!f.reference_id.empty()) {
      sink_.error(span(f, b.header.kind), "a file declares reference data once; this is the second",
                  "one reference-data block covers the whole file");
      return;
    }
    if (b.header.id.empty()) {
      sink_.error(span(f, b.header.kind),
                  "reference data needs an id (for example 'reference-data shared-actors "
                  "\"Recurring actors\"@en')");
      return;
    }
    f.reference_id = text(f, b.header.id);
    f.reference_at = b.header.kind;
  }

  /// Every fact is traced: to the file's source, or to the reference data the file declares.
  void check_provenance(const FileState &f) {
    if (f.doc->blocks.empty())
      return; // nothing declared (or nothing readable)
    if (!f.source_id.empty() && !f.reference_id.empty()) {
      sink_.error(span(f, f.reference_at),
                  "this file has a source, so it cannot also declare reference data",
                  "move the shared declarations to a file of their own");
      return;
    }
    if (f.provenance_block || misspelt_provenance(f))
      return; // a source or reference-data block without an id, or misspelt: reported
    sink_.error(SourceSpan{f.file, 0, 0},
                "this file has no source block, so its facts cannot be traced to an article",
                "add a source block ('source ID' with its title, url and published date), or, "
                "for shared actors, places and topics, declare reference data: "
                "'reference-data ID \"NAME\"'");
  }

  /// A block of an unknown kind close to `source`, `article` or `reference-data` ("sourse"):
  /// its "unknown kind, did you mean" error says it all.
  bool misspelt_provenance(const FileState &f) const {
    std::vector<std::string> keywords;
    for (std::size_t c = 1; c < onto_.classes().size(); ++c) {
      if (onto_.classes()[c].is_source || is_reference_data(static_cast<std::uint32_t>(c)))
        keywords.push_back(onto_.classes()[c].keyword);
    }
    return std::any_of(f.doc->blocks.begin(), f.doc->blocks.end(), [&](const auto &b) {
      const std::string_view kw = text(f, b.header.kind);
      return onto_.find_class(kw) == 0 && !closest(kw, keywords).empty();
    });
  }

  /// An indented line such as `  status    planned` inside a block reads as a header; when its
  /// first word is a property of the block's kind, it is a property line missing its colon.
  bool missing_colon(const FileState &f, const syntax::ast::Block &b, std::uint32_t enclosing) {
    const std::string_view src = sources_.get(f.file).text();
    const std::uint32_t k = b.header.kind.begin;
    if (enclosing == 0 || k == 0 || (src[k - 1] != ' ' && src[k - 1] != '\t'))
      return false;
    const std::string_view kw = text(f, b.header.kind);
    if (onto_.find_property(enclosing, kw) < 0 || (onto_.find_class(kw) != 0 && b.header.has_name))
      return false;
    // The rest of the line, without a comment, for the hint.
    std::string rest;
    bool quoted = false;
    for (std::size_t i = b.header.kind.end; i < src.size() && src[i] != '\n' && src[i] != '\r';
         ++i) {
      if (src[i] == '"')
        quoted = !quoted;
      if (src[i] == '#' && !quoted)
        break;
      rest += src[i];
    }
    rest.erase(0, rest.find_first_not_of(" \t"));
    rest.erase(rest.find_last_not_of(" \t") + 1);
    sink_.error(span(f, b.header.kind), "a colon is missing after '" + std::string(kw) + "'",
                "'" + std::string(kw) + "' is a property of " + onto_.describe_class(enclosing) +
                    ": write '" + std::string(kw) + ": " + rest + "'");
    return true;
  }

  /// `meeting: m1` inside a block, m1 declared nowhere: a header line written with a colon
  /// after its kind (the lines below it would otherwise each be "not a property of" the block
  /// above).
  // ---- dates: forward for planned events, checked against the publication ----------------
  static std::optional<Date> publication_day(std::string_view written) {
    std::string error;
    auto d = parse_date(written, error);
    if (d && d->precision == Precision::date_time)
      d = parse_date(written.substr(0, 10), error);
    if (!d || d->precision != Precision::day)
      return std::nullopt;
    return d;
  }

  class Emitter;
  const SourceSet &sources_;
  const Ontology &onto_;
  const BindOptions &options_;
  graph::QuadSink &out_;
  graph::TermTable &terms_;
  DiagnosticSink &sink_;
  TermId type_ = 0, label_ = 0, derived_ = 0, agent_ = 0, had_role_ = 0;
  TermId defined_by_ = 0;
  std::uint32_t reference_class_ = 0; ///< fl:ReferenceData, 0 when the ontology lacks it
  std::vector<TermId> class_terms_;
  std::vector<TermId> property_terms_;
  std::unordered_map<std::string, std::size_t> property_by_iri_;
  std::deque<FileState> files_;
  std::unordered_map<std::uint32_t, std::size_t> file_index_;
  std::size_t expected_ = 0;
  bool reserved_ = false;
  bool stopped_ = false; ///< the sink asked to stop
  std::vector<Entity> entities_;
  OpenIndex entity_index_; ///< ids → entities (values: entity index + 1; hashes kept in them)
  std::deque<std::string> minted_;
  mutable std::mutex guess_mutex_; ///< for all_ids_ and guesses_ (bind_file on any thread)
  mutable std::vector<std::string> all_ids_;
  /// Binder::also_known: more ids for the hints.
  std::function<void(const std::function<void(std::string_view)> &)> also_known_;
  /// unknown id -> closest of all_ids_
  mutable std::unordered_map<std::string, std::string> guesses_;
  Claims claims_;
  SingleValues single_;
};

/// Pass 2 of one file: its quads, checks and diagnostics into a BoundFile's Data. Reads the
/// binder's state only (entities, ontology terms), so that files bind on several threads.
class FileBinder::Emitter {
public:
  /// Into `out` (quads, checks, diagnostics kept for merge()); or, with `direct` (the binder
  /// itself, on the sink's thread), quads, checks and diagnostics straight to their places.
  Emitter(const FileBinder &binder, BoundFile::Data &out, FileBinder *direct)
      : b_(binder), direct_(direct), sources_(binder.sources_), onto_(binder.onto_),
        options_(binder.options_), out_(out), terms_(out.terms),
        sink_(direct != nullptr ? direct->sink_ : out.diagnostics), type_(binder.type_),
        label_(binder.label_), derived_(binder.derived_), agent_(binder.agent_),
        had_role_(binder.had_role_), defined_by_(binder.defined_by_),
        class_terms_(binder.class_terms_), property_terms_(binder.property_terms_),
        property_by_iri_(binder.property_by_iri_), entities_(binder.entities_) {}

  void run(FileState &f) { emit(f); }

private:
  std::string_view text(const FileState &f, Range r) const {
    return sources_.get(f.file).text().substr(r.begin, r.end - r.begin);
  }
  SourceSpan span(const FileState &f, Range r) const { return SourceSpan{f.file, r.begin, r.end}; }
  /// An XSD datatype's term (the few the binder uses, kept after their first use).
  TermId xsd(std::string_view local) {
    for (const auto &[name, id] : xsd_terms_) {
      if (name == local)
        return id;
    }
    std::string s(vocab::xsd);
    s += local;
    const TermId id = terms_.iri(s);
    xsd_terms_.emplace_back(std::string(local), id);
    return id;
  }
  void add(TermId s, TermId p, TermId o, const FileState &f, SourceSpan from) {
    send(graph::Quad{s, p, o, f.graph}, from);
  }
  void send(const graph::Quad &quad, SourceSpan from) {
    if (direct_ != nullptr)
      direct_->send(quad, from);
    else
      out_.quads.emplace_back(quad, from);
  }
  /// A value that must be single across files: checked on merge, before the quad that follows
  /// (at once when direct).
  bool single(bool label, SingleValues::Given given) {
    if (direct_ != nullptr) {
      if (label)
        given.lang = direct_->terms_.get(given.value).lang;
      return direct_->single_.check(given, sources_, sink_);
    }
    out_.checks.push_back(
        BoundFile::Data::Check{out_.quads.size(), sink_.all().size(), label, given});
    return true;
  }
  /// An IRI written in the file: an entity's own term when it names one (so that a repeated
  /// value is found whether the file wrote the id or the IRI, as with one table).
  TermId user_iri(std::string_view iri) {
    if (!terms_.direct() && iri.substr(0, options_.base_iri.size()) == options_.base_iri) {
      if (const int e = find_entity(iri.substr(options_.base_iri.size()));
          e >= 0 && entities_[static_cast<std::size_t>(e)].term != 0)
        return entities_[static_cast<std::size_t>(e)].term;
    }
    return terms_.iri(iri);
  }
  int find_entity(std::string_view id) const { return b_.find_entity(id); }
  static std::string join(const std::vector<std::string> &v) {
    std::string out;
    for (const auto &s : v)
      out += (out.empty() ? "" : ", ") + s;
    return out;
  }

  // ---- pass 2: triples ------------------------------------------------------------------
  void emit(FileState &f) {
    if (f.graph != 0) {
      // The named graph's provenance, in the default graph.
      send(graph::Quad{f.graph, derived_, f.source_term, 0},
           entities_[static_cast<std::size_t>(f.source_entity)].declared);
    }
    for (std::size_t i = 0; i < f.doc->blocks.size(); ++i) {
      if (f.block_entity[i] < 0)
        continue;
      const auto &b = f.doc->blocks[i];
      const Entity &e = entities_[static_cast<std::size_t>(f.block_entity[i])];
      const std::uint32_t c = onto_.find_class(text(f, b.header.kind));
      const SourceSpan head = span(f, b.header.kind);
      add(e.term, type_, class_terms_[c], f, head);
      if (b.header.has_name) {
        const TermId name = string_literal(f, b.header.name, true);
        const SourceSpan at = span(f, b.header.name.span);
        if (name != 0 && single(true, {e.term, e.id, label_, "name", name, {}, f.file, at}))
          add(e.term, label_, name, f, at);
      }
      if (f.source_term != 0 && e.term != f.source_term)
        add(e.term, derived_, f.source_term, f, head);
      if (f.reference_term != 0 && e.term != f.reference_term)
        add(e.term, defined_by_, f.reference_term, f, head);
      seen_.clear();
      status_ = block_status(f, b, c);
      for (std::uint32_t k = 0; k < b.property_count; ++k) {
        const syntax::ast::Property &prop = f.doc->properties[b.first_property + k];
        if (header_with_colon(f, c, prop))
          break; // the lines below belong to that header's block
        emit_property(f, e, c, prop);
      }
    }
  }

  void emit_property(FileState &f, const Entity &e, std::uint32_t c,
                     const syntax::ast::Property &prop) {
    const std::string_view name = text(f, prop.name);
    const int pi = onto_.find_property(c, name);
    if (pi < 0) {
      const auto candidates = onto_.property_keywords(c);
      const std::string guess = closest(name, candidates);
      sink_.error(span(f, prop.name),
                  "'" + std::string(name) + "' is not a property of " + onto_.describe_class(c),
                  candidates.empty() ? onto_.describe_class(c) + " takes no property lines"
                  : guess.empty()
                      ? "properties of " + onto_.describe_class(c) + ": " + join(candidates)
                      : "did you mean '" + guess + "'?");
      return;
    }
    const PropertyInfo &p = onto_.properties()[static_cast<std::size_t>(pi)];
    const TermId pt = property_terms_[static_cast<std::size_t>(pi)];
    for (std::uint32_t k = 0; k < prop.value_count; ++k) {
      const Value &v = f.doc->values[prop.first_value + k];
      const SourceSpan at = span(f, v.span);
      const TermId o = value_term(f, p, v);
      if (o == 0)
        continue;
      // Repeated values and second values of single-valued properties are mistakes.
      bool stop = false;
      for (const Seen &s : seen_) {
        if (s.property != pt)
          continue;
        if (s.object == o) {
          Diagnostic d{Severity::error,
                       at,
                       "this value is given twice",
                       "remove the repeated value",
                       "",
                       {}};
          d.notes.push_back(Diagnostic{Severity::note, s.at, "first given here", "", "", {}});
          sink_.report(d);
          stop = true;
          break;
        }
        if (p.functional) {
          Diagnostic d{Severity::error,
                       at,
                       "'" + std::string(name) + "' takes one value, and it already has one",
                       "",
                       "",
                       {}};
          d.notes.push_back(Diagnostic{Severity::note, s.at, "the first value", "", "", {}});
          sink_.report(d);
          stop = true;
          break;
        }
      }
      if (stop)
        continue;
      seen_.push_back(Seen{pt, o, at});
      add_value(f, e, static_cast<std::size_t>(pi), o, at);
      if (!v.role.empty())
        emit_role(f, e, p, name, v, o, at);
      if (p.range == RangeKind::temporal && pending_relative_)
        emit_relative(f, e, p, v, at);
      if (p.range == RangeKind::temporal)
        check_date_against_status(f, e, p, v, at);
    }
  }

  void emit_role(FileState &f, const Entity &e, const PropertyInfo &p, std::string_view name,
                 const Value &v, TermId object, SourceSpan at) {
    const SourceSpan role_at = span(f, v.role);
    if (p.qualified_by.empty()) {
      sink_.error(role_at, "'" + std::string(name) + "' takes no role",
                  "'as ROLE' is for properties such as 'participant'");
      return;
    }
    auto link = property_by_iri_.find(p.qualified_by);
    auto role_prop = property_by_iri_.find(std::string(vocab::fl_had_role));
    if (link == property_by_iri_.end() || role_prop == property_by_iri_.end()) {
      sink_.error(role_at,
                  "the ontology declares " + p.qualified_by + " but not the properties for roles");
      return;
    }
    const PropertyInfo &rp = onto_.properties()[role_prop->second];
    const TermId role = enumeration_term(f, rp, text(f, v.role), role_at);
    if (role == 0)
      return;
    const PropertyInfo &lp = onto_.properties()[link->second];
    std::string q = options_.base_iri + std::string(e.id) + "/" + std::string(name) + "/" +
                    std::string(text(f, v.body));
    const TermId qt = terms_.iri(q);
    add(e.term, property_terms_[link->second], qt, f, at);
    if (lp.range_class != 0)
      add(qt, type_, class_terms_[lp.range_class], f, at);
    add(qt, agent_, object, f, at);
    add(qt, had_role_, role, f, role_at);
  }

  void emit_relative(FileState &f, const Entity &e, const PropertyInfo &p, const Value &v,
                     SourceSpan at) {
    pending_relative_ = false;
    if (p.phrase_property.empty() || p.precision_property.empty()) {
      sink_.error(at, "relative dates are not allowed for '" + p.keywords.front() + "'",
                  "the ontology gives it no fl:phraseProperty and fl:precisionProperty");
      return;
    }
    const std::string_view phrase = text(f, v.span);
    add_value(f, e, property_by_iri_.at(p.phrase_property), terms_.literal(phrase), at);
    add_value(f, e, property_by_iri_.at(p.precision_property),
              terms_.iri(precision_unit(relative_.precision)), at);
  }

  /// Whether the file's facts come from a source (an article): only then are they claims. A
  /// file of reference data (no fl:Source block) writes direct triples.
  bool from_source(const FileState &f) const {
    return f.source_term != 0 && f.source_entity >= 0 &&
           onto_.classes()[entities_[static_cast<std::size_t>(f.source_entity)].cls].is_source;
  }

  /// A value of property `pi` on `e`: a direct triple, or, for a time-varying property in a
  /// file with a source, a claim of that source (the direct triple comes in settle_claims()).
  void add_value(const FileState &f, const Entity &e, std::size_t pi, TermId o, SourceSpan at) {
    if (!from_source(f) || e.term == f.source_term || !b_.claims_.varies(pi)) {
      const PropertyInfo &p = onto_.properties()[pi];
      if (!p.functional ||
          single(false, {e.term, e.id, property_terms_[pi], p.keywords.front(), o, {}, f.file, at}))
        add(e.term, property_terms_[pi], o, f, at);
      return;
    }
    ClaimValue v;
    v.subject = e.term;
    v.base_iri = options_.base_iri;
    v.subject_id = e.id;
    v.property = pi;
    v.value = o;
    v.graph = f.graph;
    v.file = f.file;
    v.source = f.source_term;
    v.source_id = f.source_id;
    v.published = f.published ? &*f.published : nullptr;
    v.at = at;
    out_.claims.record(v, [this](const graph::Quad &q, SourceSpan from) { send(q, from); });
  }

  // ---- values -------------------------------------------------------------------------
  TermId string_literal(const FileState &f, const Value &v, bool lang_allowed) {
    const std::string_view body = text(f, v.body);
    std::size_t bad = 0;
    if (!syntax::unescape(body, scratch_, bad)) {
      const auto at = static_cast<std::uint32_t>(v.body.begin + bad);
      sink_.error(SourceSpan{f.file, at, at + 2}, "invalid escape in text",
                  "escapes are \\\" \\\\ \\n \\t \\r \\uXXXX \\UXXXXXXXX");
      return 0;
    }
    if (!v.lang.empty()) {
      if (!lang_allowed) {
        sink_.error(span(f, v.lang), "this property takes text without a language tag",
                    "remove '@" + std::string(text(f, v.lang)) + "'");
        return 0;
      }
      std::string lang(text(f, v.lang));
      for (char &ch : lang)
        ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
      return terms_.literal(scratch_, 0, lang);
    }
    return terms_.literal(scratch_);
  }

  TermId enumeration_term(const FileState &f, const PropertyInfo &p, std::string_view word,
                          SourceSpan at) {
    const ClassInfo &cls = onto_.classes()[p.range_class];
    std::vector<std::string> choices;
    for (const Individual &ind : cls.individuals) {
      for (const std::string &k : ind.keywords) {
        if (k == word)
          return terms_.iri(ind.iri);
        choices.push_back(k);
      }
    }
    std::sort(choices.begin(), choices.end());
    const std::string guess = closest(word, choices);
    sink_.error(at,
                "'" + std::string(word) + "' is not one of the choices for '" + p.keywords.front() +
                    "'",
                guess.empty() ? "choose one of: " + join(choices)
                              : "did you mean '" + guess + "'? (choices: " + join(choices) + ")");
    (void)f;
    return 0;
  }

  TermId entity_term(const FileState &f, const PropertyInfo &p, const Value &v) {
    const SourceSpan at = span(f, v.span);
    if (v.word_count != 1) {
      sink_.error(at, "expected one id here, found several words",
                  "ids have no spaces; write 'european-commission', not 'european commission'");
      return 0;
    }
    const std::string_view id = text(f, v.body);
    const int found = find_entity(id);
    if (found < 0) {
      const std::string guess = b_.guess(id);
      sink_.error(span(f, v.body), "unknown id '" + std::string(id) + "'",
                  guess.empty() ? "declare it with a header line such as 'person " +
                                      std::string(id) + " \"Name\"'"
                                : "did you mean '" + guess + "'?");
      return 0;
    }
    const Entity &e = entities_[static_cast<std::size_t>(found)];
    if (p.range == RangeKind::entity && !onto_.classes()[e.cls].is_a(p.range_class)) {
      Diagnostic d{Severity::error,
                   at,
                   "'" + p.keywords.front() + "' expects " + onto_.describe_class(p.range_class) +
                       ", but '" + std::string(id) + "' is " + onto_.describe_class(e.cls),
                   "",
                   "",
                   {}};
      d.notes.push_back(Diagnostic{
          Severity::note, e.declared, "'" + std::string(id) + "' is declared here", "", "", {}});
      sink_.report(d);
      return 0;
    }
    // An id known from an earlier run (Binder::declare_known) has its term made when named.
    return e.term != 0 ? e.term : terms_.iri(options_.base_iri + std::string(id));
  }

  static std::string_view kind_name(ValueKind k) {
    switch (k) {
    case ValueKind::string: return "text in quotes";
    case ValueKind::iri: return "a web address";
    case ValueKind::token: return "a number or date";
    case ValueKind::phrase: return "a word";
    }
    return "a value";
  }

  TermId expect_error(const FileState &f, const Value &v, const PropertyInfo &p,
                      const std::string &expected, const std::string &hint = {}) {
    sink_.error(span(f, v.span),
                "'" + p.keywords.front() + "' expects " + expected + ", not " +
                    std::string(kind_name(v.kind)),
                hint);
    return 0;
  }

  /// The term of one value of property `p`, checked against the property's range; 0 after an
  /// error (reported). A relative date leaves its resolution in relative_ (pending_relative_).
  TermId value_term(FileState &f, const PropertyInfo &p, const Value &v) {
    pending_relative_ = false;
    if (!v.role.empty() && p.range != RangeKind::entity) {
      sink_.error(span(f, v.role), "'" + p.keywords.front() + "' takes no role");
      return 0;
    }
    switch (p.range) {
    case RangeKind::entity:
      if (v.kind != ValueKind::phrase)
        return expect_error(f, v, p, "the id of " + onto_.describe_class(p.range_class),
                            v.kind == ValueKind::string ? "ids are written without quotes" : "");
      return entity_term(f, p, v);
    case RangeKind::enumeration:
      if (v.kind != ValueKind::phrase || v.word_count != 1)
        return expect_error(f, v, p, "one of its choices", "");
      return enumeration_term(f, p, text(f, v.body), span(f, v.span));
    case RangeKind::resource:
      if (v.kind == ValueKind::iri)
        return iri_term(f, v);
      if (v.kind == ValueKind::phrase)
        return entity_term(f, p, v);
      return expect_error(f, v, p, "an id or a <web address>");
    case RangeKind::string:
    case RangeKind::lang_string:
      if (v.kind != ValueKind::string)
        return expect_error(f, v, p, "text in double quotes",
                            "write \"" + std::string(text(f, v.span)) + "\"");
      return string_literal(f, v, p.range == RangeKind::lang_string);
    case RangeKind::any_uri:
      if (v.kind != ValueKind::iri)
        return expect_error(f, v, p,
                            "a web address in angle brackets, like <https://example.org/>");
      return iri_term(f, v);
    case RangeKind::external_id: return external_id_term(f, p, v);
    case RangeKind::integer:
    case RangeKind::non_negative_integer:
    case RangeKind::decimal: return number_term(f, p, v);
    case RangeKind::boolean: return boolean_term(f, p, v);
    case RangeKind::duration: return duration_term(f, p, v);
    case RangeKind::temporal: return temporal_term(f, p, v);
    }
    return 0;
  }

  /// An id in another database (`wikidata: Q64`), checked for form against the property's
  /// fl:idPattern (offline: whether the item exists is not checked) and written as the IRI
  /// fl:iriPrefix + id.
  TermId external_id_term(const FileState &f, const PropertyInfo &p, const Value &v) {
    const std::string_view body = text(f, v.body);
    const bool one_word =
        (v.kind == ValueKind::phrase && v.word_count == 1) || v.kind == ValueKind::token;
    if (!one_word)
      return expect_error(f, v, p, "an id of the form " + p.id_pattern);
    const std::regex pattern(p.id_pattern, std::regex::ECMAScript);
    if (!std::regex_match(body.begin(), body.end(), pattern)) {
      sink_.error(span(f, v.span), "'" + p.keywords.front() + "' expects an id of the form " +
                                       p.id_pattern + " (a regular expression), not '" +
                                       std::string(body) + "'");
      return 0;
    }
    return user_iri(p.iri_prefix + std::string(body));
  }

  TermId number_term(const FileState &f, const PropertyInfo &p, const Value &v) {
    const std::string_view body = text(f, v.body);
    if (p.range == RangeKind::decimal) {
      auto n = v.kind == ValueKind::token ? parse_decimal(body) : std::nullopt;
      if (!n)
        return expect_error(f, v, p, "a number");
      return terms_.literal(*n, xsd("decimal"));
    }
    const bool nn = p.range == RangeKind::non_negative_integer;
    auto n = v.kind == ValueKind::token ? parse_integer(body, nn) : std::nullopt;
    if (!n)
      return expect_error(f, v, p, nn ? "a whole number (0 or more)" : "a whole number");
    return terms_.literal(*n, xsd(nn ? "nonNegativeInteger" : "integer"));
  }

  TermId boolean_term(const FileState &f, const PropertyInfo &p, const Value &v) {
    const std::string_view body = text(f, v.body);
    if (v.kind == ValueKind::phrase && v.word_count == 1) {
      if (body == "yes" || body == "true")
        return terms_.literal("true", xsd("boolean"));
      if (body == "no" || body == "false")
        return terms_.literal("false", xsd("boolean"));
    }
    return expect_error(f, v, p, "yes or no");
  }

  TermId duration_term(const FileState &f, const PropertyInfo &p, const Value &v) {
    const std::string_view body = text(f, v.body);
    const bool iso =
        v.kind == ValueKind::phrase && v.word_count == 1 && body.size() > 1 && body[0] == 'P';
    if (v.kind != ValueKind::token && !iso)
      return expect_error(f, v, p, "a duration like 5h or 1h30min");
    std::string error;
    auto d = parse_duration(body, error);
    if (!d) {
      sink_.error(span(f, v.span), "not a duration: " + error);
      return 0;
    }
    return terms_.literal(*d, xsd("duration"));
  }

  TermId temporal_term(FileState &f, const PropertyInfo &p, const Value &v) {
    date_.reset();
    if (v.kind == ValueKind::phrase)
      return relative_date_term(f, v);
    if (v.kind != ValueKind::token)
      return expect_error(f, v, p, "a date (2025-12-14, 2025-12, 2025) or a phrase like 'sunday'");
    std::string error;
    auto d = parse_date(text(f, v.body), error);
    if (!d) {
      sink_.error(span(f, v.span), "not a date: " + error);
      return 0;
    }
    date_ = *d;
    return terms_.literal(d->lexical, xsd(d->datatype));
  }

  /// "sunday", "monday morning": resolved against the article's publication date.
  TermId relative_date_term(FileState &f, const Value &v) {
    const std::string_view phrase = text(f, v.span);
    if (!f.published) {
      no_publication_day(f, v);
      return 0;
    }
    auto d = resolve_relative(phrase, *f.published,
                              status_ == BlockStatus::planned ? Direction::forward
                                                              : Direction::backward);
    if (!d) {
      sink_.error(span(f, v.span),
                  "'" + std::string(phrase) + "' is not a date factloom understands",
                  std::string("write YYYY-MM-DD, or one of: ") + relative_phrase_help());
      return 0;
    }
    relative_ = *d;
    date_ = *d;
    pending_relative_ = true;
    return terms_.literal(d->lexical, xsd(d->datatype));
  }

  TermId iri_term(const FileState &f, const Value &v) {
    const std::string_view iri = text(f, v.body);
    std::size_t i = 0;
    while (i < iri.size() && (std::isalnum(static_cast<unsigned char>(iri[i])) != 0 ||
                              iri[i] == '+' || iri[i] == '-' || iri[i] == '.'))
      ++i;
    if (i == 0 || i >= iri.size() || iri[i] != ':' ||
        std::isalpha(static_cast<unsigned char>(iri[0])) == 0) {
      sink_.error(span(f, v.span), "a web address needs a scheme, like <https://example.org/page>");
      return 0;
    }
    return user_iri(iri);
  }

  bool header_with_colon(const FileState &f, std::uint32_t c, const syntax::ast::Property &prop) {
    const std::string_view name = text(f, prop.name);
    if (onto_.find_property(c, name) >= 0 || onto_.find_class(name) == 0 || prop.value_count != 1)
      return false;
    // `topic: security-guarantees` names a thing declared elsewhere: a misnamed property.
    const Value &v = f.doc->values[prop.first_value];
    if (v.kind != ValueKind::phrase || v.word_count != 1 || find_entity(text(f, v.body)) >= 0)
      return false;
    const std::string_view src = sources_.get(f.file).text();
    const std::size_t from = src.find(':', prop.name.end) + 1;
    std::size_t to = src.find_first_of("#\r\n", from);
    to = to == std::string_view::npos ? src.size() : to;
    std::string rest(src.substr(from, to - from));
    rest.erase(0, rest.find_first_not_of(" \t"));
    rest.erase(rest.find_last_not_of(" \t") + 1);
    sink_.error(span(f, prop.name),
                "'" + std::string(name) + "' is a kind, and a header line has no colon",
                "write '" + std::string(name) + " " + rest + "' to start a new block (it is not " +
                    "a property of " + onto_.describe_class(c) + ")");
    return true;
  }

  // ---- dates: forward for planned events, checked against the publication ----------------
  /// The status the block gives itself (its status line may come after its date line).
  BlockStatus block_status(const FileState &f, const syntax::ast::Block &b, std::uint32_t c) const {
    for (std::uint32_t k = 0; k < b.property_count; ++k) {
      const auto &prop = f.doc->properties[b.first_property + k];
      const int pi = onto_.find_property(c, text(f, prop.name));
      if (pi < 0 || prop.value_count != 1)
        continue;
      const PropertyInfo &p = onto_.properties()[static_cast<std::size_t>(pi)];
      if (p.range != RangeKind::enumeration)
        continue;
      const std::string_view word = text(f, f.doc->values[prop.first_value].body);
      for (const Individual &ind : onto_.classes()[p.range_class].individuals) {
        if (std::find(ind.keywords.begin(), ind.keywords.end(), word) == ind.keywords.end())
          continue;
        if (ind.iri == vocab::fl_planned)
          return BlockStatus::planned;
        if (ind.iri == vocab::fl_held)
          return BlockStatus::held;
      }
    }
    return BlockStatus::none;
  }

  /// The day a `published` value gives (a date, or the day of a date-time), or nullopt.
  /// A relative date in a file whose source gives no day of publication.
  void no_publication_day(const FileState &f, const Value &v) {
    const std::string phrase(text(f, v.span));
    if (!f.provenance_block)
      return; // the file has no source: reported once, at its first line
    if (f.source_id.empty() && !f.reference_id.empty()) {
      sink_.error(span(f, v.span),
                  "'" + phrase + "' is relative, but reference data has no publication date",
                  "write the date (YYYY-MM-DD)");
      return;
    }
    if (f.published_text.empty()) {
      sink_.error(span(f, v.span),
                  "'" + phrase + "' is relative, but this file's source has no published date",
                  "add 'published: YYYY-MM-DD' to the source block, or write the date");
      return;
    }
    if (f.published_text.data() == text(f, v.span).data()) {
      sink_.error(span(f, v.span), "the publication date must be written as a date",
                  "write 'published: YYYY-MM-DD'; relative dates are resolved against it");
      return;
    }
    std::string error;
    if (parse_date(f.published_text, error)) {
      sink_.error(span(f, v.span),
                  "'" + phrase + "' is relative, but the source's published date '" +
                      std::string(f.published_text) + "' is not a day",
                  "give the day of publication ('published: YYYY-MM-DD'), or write the date");
    }
    // Otherwise the published date itself is reported, once.
  }

  /// A planned event dated before the publication, or a held one after it: a warning at the
  /// date, with the way out (the explicit date, the article's words beside it).
  void check_date_against_status(const FileState &f, const Entity &e, const PropertyInfo &p,
                                 const Value &v, SourceSpan at) {
    if (!date_ || !f.published || status_ == BlockStatus::none)
      return;
    const bool planned = status_ == BlockStatus::planned;
    const int side = compare_to_day(*date_, *f.published);
    if ((planned && side >= 0) || (!planned && side <= 0))
      return;
    const bool relative = v.kind == ValueKind::phrase;
    const std::string phrase(relative ? text(f, v.span) : std::string_view());
    sink_.warning(at,
                  "'" + std::string(e.id) + "' is " + (planned ? "planned" : "held") +
                      ", but its " + p.keywords.front() + " " + date_->lexical +
                      (relative ? " ('" + phrase + "')" : std::string()) + " is " +
                      (planned ? "before" : "after") + " the article's publication (" +
                      f.published->lexical + ")",
                  relative ? explicit_date_help(f, p, phrase, planned)
                           : std::string("check the date and the status: a planned event takes "
                                         "place on or after the publication, a held one on or "
                                         "before it"));
  }

  /// "write the day the article means, its words beside it: 'date: 2025-12-22' and
  /// 'date-phrase: "monday"'", with the weekday of the phrase on the right side if it has one.
  std::string explicit_date_help(const FileState &f, const PropertyInfo &p,
                                 const std::string &phrase, bool planned) const {
    std::string day = "YYYY-MM-DD";
    std::string word;
    for (std::size_t i = 0; i <= phrase.size(); ++i) {
      if (i == phrase.size() || phrase[i] == ' ') {
        static constexpr std::array<std::string_view, 7> weekdays = {
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
        std::string lower = word;
        for (char &ch : lower)
          ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
        if (std::find(weekdays.begin(), weekdays.end(), lower) != weekdays.end()) {
          day = resolve_relative(lower, *f.published,
                                 planned ? Direction::forward : Direction::backward)
                    ->lexical;
          break;
        }
        word.clear();
      } else {
        word += phrase[i];
      }
    }
    std::string phrase_keyword = "date-phrase";
    if (const auto it = property_by_iri_.find(p.phrase_property); it != property_by_iri_.end())
      phrase_keyword = onto_.properties()[it->second].keywords.front();
    return "if the article means another day, write it with the article's words beside it: '" +
           p.keywords.front() + ": " + day + "' and '" + phrase_keyword + ": \"" + phrase + "\"'";
  }

  struct Seen {
    TermId property;
    TermId object;
    SourceSpan at;
  };

  const FileBinder &b_;
  FileBinder *direct_;
  const SourceSet &sources_;
  const Ontology &onto_;
  const BindOptions &options_;
  BoundFile::Data &out_;
  FileTerms &terms_;
  DiagnosticSink &sink_;
  const TermId type_, label_, derived_, agent_, had_role_, defined_by_;
  const std::vector<TermId> &class_terms_;
  const std::vector<TermId> &property_terms_;
  const std::unordered_map<std::string, std::size_t> &property_by_iri_;
  const std::vector<Entity> &entities_;
  std::vector<std::pair<std::string, TermId>> xsd_terms_;
  std::vector<Seen> seen_;
  std::string scratch_;
  Date relative_;
  bool pending_relative_ = false;
  std::optional<Date> date_;               ///< the last date value read, resolved
  BlockStatus status_ = BlockStatus::none; ///< the status line of the block being emitted
};

std::optional<FileState> FileBinder::declared_state(std::uint32_t file,
                                                    const syntax::ast::Document &doc) const {
  const auto it = file_index_.find(file);
  if (it == file_index_.end())
    return std::nullopt;
  FileState f = files_[it->second];
  if (doc.blocks.size() != f.block_entity.size())
    return std::nullopt; // not the document declared
  f.doc = &doc;
  return f;
}

void FileBinder::reserve_output() {
  if (reserved_)
    return;
  out_.reserve(expected_ + expected_ / 8);
  reserved_ = true;
}

void FileBinder::bind_file(std::uint32_t file, const syntax::ast::Document &doc,
                           BoundFile::Data &bound) const {
  bound.file = file;
  std::optional<FileState> declared = declared_state(file, doc);
  if (!declared)
    return;
  FileState &f = *declared;
  bound.bound = true;
  // Room for about the quads and terms the file gives, at once (no doubling on the worker).
  bound.quads.reserve(doc.values.size() + 3 * doc.blocks.size());
  bound.terms.reserve(doc.values.size() + doc.blocks.size(), sources_.get(file).text().size());
  Emitter(*this, bound, nullptr).run(f);
}

void FileBinder::emit_file(std::uint32_t file, const syntax::ast::Document &doc) {
  std::optional<FileState> declared = declared_state(file, doc);
  if (!declared)
    return;
  FileState &f = *declared;
  reserve_output();
  FL_REQUIRE(terms_.size() < FileTerms::local_bit, "too many terms for the binder's ids");
  BoundFile::Data bound(claims_, property_terms_);
  bound.terms = FileTerms(&terms_);
  Emitter(*this, bound, this).run(f);
  claims_.append(std::move(bound.claims), {});
}

void FileBinder::merge(BoundFile::Data &bound) {
  if (!bound.bound)
    return;
  reserve_output();
  FL_REQUIRE(terms_.size() < FileTerms::local_bit, "too many terms for the binder's local ids");
  const std::vector<TermId> map = bound.terms.merge(terms_);
  const std::vector<Diagnostic> &diagnostics = bound.diagnostics.all();
  std::size_t reported = 0;
  auto report_to = [&](std::size_t n) {
    for (; reported < n; ++reported)
      sink_.report(diagnostics[reported]);
  };
  std::size_t check = 0;
  for (std::size_t q = 0; q < bound.quads.size(); ++q) {
    if (check < bound.checks.size() && bound.checks[check].quad == q) {
      const BoundFile::Data::Check &c = bound.checks[check++];
      report_to(c.diagnostics);
      SingleValues::Given given = c.given;
      given.value = FileTerms::remap(given.value, map);
      if (c.label)
        given.lang = terms_.get(given.value).lang;
      if (!single_.check(given, sources_, sink_))
        continue;
    }
    const auto &[quad, from] = bound.quads[q];
    send(graph::Quad{FileTerms::remap(quad.s, map), FileTerms::remap(quad.p, map),
                     FileTerms::remap(quad.o, map), FileTerms::remap(quad.g, map)},
         from);
  }
  report_to(diagnostics.size());
  claims_.append(std::move(bound.claims), map);
}

} // namespace

struct Binder::Impl {
  Impl(const SourceSet &sources, const Ontology &ontology, const BindOptions &options,
       graph::QuadSink &out, DiagnosticSink &sink)
      : options_copy(options), binder(sources, ontology, options_copy, out, sink) {}
  BindOptions options_copy;
  FileBinder binder;
};

Binder::Binder(const SourceSet &sources, const Ontology &ontology, const BindOptions &options,
               graph::QuadSink &out, DiagnosticSink &sink)
    : impl_(std::make_unique<Impl>(sources, ontology, options, out, sink)) {}
Binder::~Binder() = default;

BoundFile::BoundFile() = default;
BoundFile::~BoundFile() = default;
BoundFile::BoundFile(BoundFile &&) noexcept = default;
BoundFile &BoundFile::operator=(BoundFile &&) noexcept = default;

void Binder::declare(std::uint32_t file, const syntax::ast::Document &doc) {
  impl_->binder.declare_file(file, doc);
}
void Binder::emit(std::uint32_t file, const syntax::ast::Document &doc) {
  impl_->binder.emit_file(file, doc);
}
BoundFile Binder::bind_file(std::uint32_t file, const syntax::ast::Document &doc) const {
  BoundFile out;
  out.data_ = impl_->binder.make_bound();
  impl_->binder.bind_file(file, doc, *out.data_);
  return out;
}
void Binder::merge(BoundFile &&bound) {
  if (bound.data_)
    impl_->binder.merge(*bound.data_);
  bound.data_.reset();
}
void Binder::finish() { impl_->binder.finish(); }
bool Binder::settle_claims(unsigned jobs) { return impl_->binder.settle_claims(jobs); }
std::vector<std::string_view> Binder::ids(std::uint32_t file) const {
  return impl_->binder.ids_of(file);
}
void Binder::declare_known(std::string_view id, std::uint32_t cls, SourceSpan at) {
  impl_->binder.declare_known(id, cls, at);
}
std::vector<Declared> Binder::declarations(std::uint32_t file) const {
  return impl_->binder.declarations_of(file);
}
void Binder::also_known(std::function<void(const std::function<void(std::string_view)> &)> each) {
  impl_->binder.set_also_known(std::move(each));
}
std::uint32_t Binder::declared_file(std::string_view id) const {
  return impl_->binder.declared_file(id);
}

void bind(const SourceSet &sources, const std::vector<FileAst> &files, const Ontology &ontology,
          const BindOptions &options, graph::QuadSink &out, DiagnosticSink &sink) {
  Binder binder(sources, ontology, options, out, sink);
  for (const FileAst &f : files)
    binder.declare(f.file, *f.doc);
  for (const FileAst &f : files)
    binder.emit(f.file, *f.doc);
  const std::size_t before = sink.error_count();
  if (binder.settle_claims())
    out.end_input(sink.error_count() == before);
  binder.finish();
}

} // namespace factloom::bind
