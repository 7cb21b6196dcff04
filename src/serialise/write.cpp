// The Serd writer fed with sorted quads; prefixed names computed here (Serd 0.30 does not
// abbreviate local names that contain '-' or '_', so we hand it CURIE nodes ourselves).
#include "serialise/write.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <utility>

#include "base/check.hpp"
#include "base/huge_pages.hpp"
#include "base/io.hpp"
#include "base/parallel.hpp"
#include "rdf/serd.hpp"
#include "rdf/vocab.hpp"
#include "serialise/order.hpp"

namespace factloom::serialise {

namespace {

/// Serd's sink; Serd 0.30 does not always pass a failed write on, so the failure is kept here.
/// An exception (out of memory, a bug) must not cross into C: it is kept and rethrown once
/// Serd has returned, so it is not mistaken for a write error. Serd writes a statement in
/// many small pieces (a node, " ;\n\t", a quote): they are gathered here and passed on in
/// blocks of up to buffer_bytes (one call of the ByteSink a block, not one a piece; a tenth of
/// a build's instructions went to those calls), so the bytes reach `out` only on flush().
class Sink {
public:
  explicit Sink(ByteSink &out) : out_(&out), buffer_(new char[buffer_bytes]) {}
  bool mute = false;         ///< takes the bytes and drops them (a writer brought into a state)
  std::uint64_t written = 0; ///< bytes taken and not dropped

  static std::size_t write(const void *buf, std::size_t len, void *stream) noexcept {
    auto *self = static_cast<Sink *>(stream);
    if (self->failed_)
      return 0;
    if (self->mute)
      return len;
    self->written += len;
    if (len > buffer_bytes - self->used_) {
      if (!self->flush_buffer())
        return 0;
      if (len >= buffer_bytes)
        return self->pass(static_cast<const char *>(buf), len) ? len : 0;
    }
    std::memcpy(self->buffer_.get() + self->used_, buf, len);
    self->used_ += len;
    return len;
  }
  /// Passes the gathered bytes on; false when writing failed (rethrows a kept exception).
  bool flush() {
    flush_buffer();
    return !check();
  }
  bool failed() const { return failed_; }
  /// Whether writing has failed so far (bytes still gathered are not written yet); rethrows a
  /// kept exception.
  bool check() const {
    if (error_)
      std::rethrow_exception(error_);
    return failed_;
  }

private:
  static constexpr std::size_t buffer_bytes = std::size_t{1} << 15U;

  bool flush_buffer() noexcept {
    if (failed_)
      return false;
    const std::size_t used = std::exchange(used_, 0);
    return used == 0 || pass(buffer_.get(), used);
  }
  bool pass(const char *data, std::size_t len) noexcept {
    try {
      if (out_->write(data, len))
        return true;
    } catch (...) {
      error_ = std::current_exception();
    }
    failed_ = true;
    return false;
  }

  ByteSink *out_;
  bool failed_ = false;
  std::exception_ptr error_;
  std::size_t used_ = 0;
  std::unique_ptr<char[]> buffer_;
};

/// Prefixed names, computed once per term id, and which prefixes are used.
class Shortener {
public:
  Shortener(const graph::TermTable &terms, const rdf::PrefixMap &prefixes)
      : terms_(terms), prefixes_(prefixes), state_(terms.size() + 1, 0),
        used_(prefixes.size(), false) {}
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
  /// shorten() of every term `marked` (marked[id] != 0) that is an IRI, and of the datatype of
  /// every one that is a literal, on `jobs` threads: each works out the names of a range of
  /// ids into room of its own, which is then copied into place (the same names and prefixes
  /// used as one shorten() after another; only the order of the entries differs).
  void shorten_marked(const std::vector<std::uint8_t> &marked, unsigned jobs);
  /// The prefixed name of an IRI that shorten() has seen, or an empty view; reads only (safe
  /// from several threads).
  std::string_view known(graph::TermId id) const {
    const std::uint32_t st = state_[id];
    FL_REQUIRE(st != 0, "a term the writer has not seen");
    if (st == 1)
      return {};
    const Entry &e = entries_[st - 2];
    return std::string_view(arena_.data() + e.offset, e.length);
  }

private:
  struct Entry {
    std::size_t offset;
    std::uint32_t length;
    std::uint32_t prefix;
  };
  std::uint32_t compute(graph::TermId id) {
    const graph::TermView t = terms_.get(id);
    std::size_t which = 0;
    if (!t.is_iri() || !prefixes_.shorten(t.value, scratch_, rdf::LocalNames::turtle, &which))
      return 1;
    // NUL-terminated in the arena: Serd compares node buffers with strcmp.
    const std::size_t offset = arena_.size();
    arena_ += scratch_;
    arena_ += '\0';
    entries_.push_back(Entry{offset, static_cast<std::uint32_t>(scratch_.size()),
                             static_cast<std::uint32_t>(which)});
    return static_cast<std::uint32_t>(entries_.size() + 1);
  }

  /// What one thread of shorten_marked() works out for a range of ids.
  struct Range {
    std::string arena; ///< the names, NUL-terminated, as in arena_
    std::vector<std::pair<graph::TermId, Entry>> entries; ///< offsets into `arena`
    std::vector<bool> used;
    std::vector<graph::TermId> none;      ///< IRIs with no prefixed name (state 1)
    std::vector<graph::TermId> datatypes; ///< of the literals
    std::size_t base = 0, arena_at = 0;   ///< where its entries and names go
  };
  void shorten_range(const std::vector<std::uint8_t> &marked, graph::TermId first,
                     graph::TermId last, Range &out) const;

  const graph::TermTable &terms_;
  const rdf::PrefixMap &prefixes_;
  std::vector<std::uint32_t> state_; ///< 0 unknown, 1 none, k+2 entries_[k]
  std::vector<Entry> entries_;
  std::string arena_;
  std::vector<bool> used_;
  std::string scratch_;
};

void Shortener::shorten_range(const std::vector<std::uint8_t> &marked, graph::TermId first,
                              graph::TermId last, Range &out) const {
  out.used.assign(prefixes_.size(), false);
  std::string name;
  for (graph::TermId id = first; id < last; ++id) {
    if (marked[id] == 0)
      continue;
    if (const std::uint32_t st = state_[id]; st != 0) { // worked out before: its prefix is used
      if (st >= 2)
        out.used[entries_[st - 2].prefix] = true;
      continue;
    }
    const graph::TermView t = terms_.get(id);
    if (t.is_literal()) {
      if (const graph::TermId dt = terms_.datatype_of(id); dt != 0)
        out.datatypes.push_back(dt);
      continue;
    }
    std::size_t which = 0;
    if (!t.is_iri() || !prefixes_.shorten(t.value, name, rdf::LocalNames::turtle, &which)) {
      out.none.push_back(id);
      continue;
    }
    out.entries.emplace_back(id, Entry{out.arena.size(), static_cast<std::uint32_t>(name.size()),
                                       static_cast<std::uint32_t>(which)});
    out.arena += name;
    out.arena += '\0';
    out.used[which] = true;
  }
  std::sort(out.datatypes.begin(), out.datatypes.end());
  out.datatypes.erase(std::unique(out.datatypes.begin(), out.datatypes.end()), out.datatypes.end());
}

void Shortener::shorten_marked(const std::vector<std::uint8_t> &marked, unsigned jobs) {
  const std::size_t n = std::min(marked.size(), state_.size());
  const std::size_t chunks = n < (1U << 12U) ? 1 : 64; // the writer test has 20,000 terms
  std::vector<Range> ranges(chunks);
  const auto bound = [&](std::size_t k) { return static_cast<graph::TermId>(n * k / chunks); };
  parallel::for_each_index(jobs, chunks, [&](std::size_t k) {
    shorten_range(marked, bound(k), bound(k + 1), ranges[k]);
  });
  std::size_t entries = entries_.size(), bytes = arena_.size();
  for (Range &r : ranges) {
    r.base = entries;
    r.arena_at = bytes;
    entries += r.entries.size();
    bytes += r.arena.size();
    for (std::size_t p = 0; p < r.used.size(); ++p) {
      if (r.used[p])
        used_[p] = true;
    }
  }
  arena_.resize(bytes);
  entries_.resize(entries);
  parallel::for_each_index(jobs, chunks, [&](std::size_t k) {
    const Range &r = ranges[k];
    std::copy(r.arena.begin(), r.arena.end(),
              arena_.begin() + static_cast<std::ptrdiff_t>(r.arena_at));
    std::size_t i = r.base;
    for (const auto &[id, entry] : r.entries) {
      entries_[i] = Entry{entry.offset + r.arena_at, entry.length, entry.prefix};
      state_[id] = static_cast<std::uint32_t>(i + 2);
      ++i;
    }
    for (const graph::TermId id : r.none)
      state_[id] = 1;
  });
  for (const Range &r : ranges) {
    for (const graph::TermId dt : r.datatypes)
      shorten(dt);
  }
}

SerdNode plain_node(SerdType type, std::string_view text) {
  // IRIs and prefixed names: no flags to compute (Serd uses n_bytes; buffers are NUL-terminated).
  return SerdNode{reinterpret_cast<const std::uint8_t *>(text.data()), text.size(), text.size(), 0,
                  type};
}

/// When `quads` already come in runs of one graph each, in increasing graph order (a build
/// emits each source's quads together, its graph named after it), sorts each run on its own:
/// the same order as sorting everything, in short sorts that run on all threads. Returns false
/// when the runs are not in that order (the quads are then in some other order of the same set).
template <class Less>
bool sort_graph_runs(unsigned jobs, std::vector<graph::Quad> &quads, const Less &less) {
  // The ontology terms a graph uses come last, in the default graph (0): put them first.
  std::size_t tail = quads.size();
  while (tail > 0 && quads[tail - 1].g == 0)
    --tail;
  std::rotate(quads.begin(), quads.begin() + static_cast<std::ptrdiff_t>(tail), quads.end());
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < quads.size(); ++i) {
    if (i > 0 && quads[i].g == quads[i - 1].g)
      continue;
    if (i > 0 && quads[i].g < quads[starts.back()].g)
      return false;
    starts.push_back(i);
  }
  starts.push_back(quads.size());
  parallel::for_each_index(jobs, starts.size() - 1, [&](std::size_t k) {
    std::sort(quads.begin() + static_cast<std::ptrdiff_t>(starts[k]),
              quads.begin() + static_cast<std::ptrdiff_t>(starts[k + 1]), less);
  });
  return true;
}

/// The runs of quads with one subject: starts[k] .. starts[k + 1] is run k, and run_of[s] = k + 1
/// for subject s (0: no quads). False when a subject has quads in two runs. On up to `jobs`
/// threads: the runs' starts found in slices, then each run's subject marked (a subject marked
/// twice is in two runs, whichever marks it first).
bool subject_runs(const std::vector<graph::Quad> &quads, std::size_t terms, unsigned jobs,
                  std::vector<std::uint32_t> &starts, std::vector<std::uint32_t> &run_of) {
  huge_pages::assign(run_of, terms, 0U);
  const std::size_t n = quads.size();
  const unsigned slices = parallel::effective_jobs(jobs, n >> 16U);
  std::vector<std::vector<std::uint32_t>> found(slices);
  parallel::for_each_index(slices, slices, [&](std::size_t k) {
    for (std::size_t i = n * k / slices; i < n * (k + 1) / slices; ++i) {
      if (i == 0 || quads[i].s != quads[i - 1].s)
        found[k].push_back(static_cast<std::uint32_t>(i));
    }
  });
  for (const std::vector<std::uint32_t> &f : found)
    starts.insert(starts.end(), f.begin(), f.end());
  starts.push_back(static_cast<std::uint32_t>(n));
  const std::size_t runs = starts.size() - 1;
  std::atomic<bool> twice{false};
  parallel::for_each_index(slices, slices, [&](std::size_t k) {
    for (std::size_t r = runs * k / slices; r < runs * (k + 1) / slices; ++r) {
      std::atomic_ref<std::uint32_t> mark(run_of[quads[starts[r]].s]);
      if (mark.exchange(static_cast<std::uint32_t>(r + 1), std::memory_order_relaxed) != 0)
        twice.store(true, std::memory_order_relaxed);
    }
  });
  return !twice.load();
}

/// The subjects' runs (starts[k] .. starts[k + 1], run_of[s] = k + 1 for subject s) in the order
/// of their subjects' ranks, from the terms in rank order (`order`).
std::vector<Run> runs_in_rank_order(const std::vector<std::uint32_t> &starts,
                                    const std::vector<std::uint32_t> &run_of,
                                    const std::vector<graph::TermId> &order) {
  std::vector<Run> runs;
  runs.reserve(starts.size() - 1);
  for (std::size_t r = 1; r < order.size(); ++r) {
    if (const std::uint32_t k = run_of[order[r]]; k != 0)
      runs.push_back(Run{starts[k - 1], starts[k]});
  }
  return runs;
}

/// Sorts each run's quads in place by (predicate, with rdf:type first; object) rank, graphs
/// dropped, and drops repeats (the run's end moves back), runs on up to `jobs` threads.
void sort_runs(unsigned jobs, const std::vector<std::uint32_t> &rank,
               const std::vector<graph::TermId> &order, graph::TermId type_id,
               std::vector<graph::Quad> &quads, std::vector<Run> &runs) {
  const std::size_t chunks = std::min<std::size_t>(runs.size(), 64);
  parallel::for_each_index(quads.size() < (1U << 16U) ? 1 : jobs, chunks, [&](std::size_t c) {
    std::vector<std::uint64_t> keys; // (rank p, with rdf:type 0; rank o) of one run
    for (std::size_t j = runs.size() * c / chunks; j < runs.size() * (c + 1) / chunks; ++j) {
      Run &run = runs[j];
      keys.clear();
      for (std::uint32_t i = run.begin; i < run.end; ++i) {
        const graph::Quad &q = quads[i];
        keys.push_back((std::uint64_t{q.p == type_id ? 0U : rank[q.p]} << 32U) | rank[q.o]);
      }
      std::sort(keys.begin(), keys.end());
      keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
      const graph::TermId s = quads[run.begin].s;
      run.end = run.begin;
      for (const std::uint64_t key : keys) {
        const auto p = static_cast<std::uint32_t>(key >> 32U);
        quads[run.end++] = graph::Quad{s, p == 0 ? type_id : order[p], order[key & 0xFFFFFFFFU], 0};
      }
    }
  });
}

/// Groups `quads` by subject, the subjects in rank order (`order`: the terms in rank order;
/// `terms`: one more than the largest term id); the runs. A build's quads come in stretches of
/// one subject (a file's entities, one after the other): each stretch is copied whole into its
/// subject's place in a new array. Reads in order and writes in blocks; moving quad by quad, in
/// place (an American flag sort), took six times as long (every swap a cache and TLB miss).
std::vector<Run> group_in_rank_order(std::vector<graph::Quad> &quads, std::size_t terms,
                                     const std::vector<graph::TermId> &order) {
  std::vector<std::uint32_t> stretches; // where each stretch of one subject starts
  for (std::size_t i = 0; i < quads.size(); ++i) {
    if (i == 0 || quads[i].s != quads[i - 1].s)
      stretches.push_back(static_cast<std::uint32_t>(i));
  }
  stretches.push_back(static_cast<std::uint32_t>(quads.size()));
  std::vector<std::uint32_t> run_of; // a subject's quads, then its run + 1
  huge_pages::assign(run_of, terms, 0U);
  for (std::size_t k = 0; k + 1 < stretches.size(); ++k)
    run_of[quads[stretches[k]].s] += stretches[k + 1] - stretches[k];
  std::vector<Run> runs;
  std::vector<std::uint32_t> next; // where the subject's next stretch goes, by run
  std::uint32_t at = 0;
  for (std::size_t r = 1; r < order.size(); ++r) {
    std::uint32_t &count = run_of[order[r]];
    if (count == 0)
      continue;
    runs.push_back(Run{at, at + count});
    next.push_back(at);
    at += count;
    count = static_cast<std::uint32_t>(runs.size());
  }
  std::vector<graph::Quad> grouped;
  // Filled at once: 2 MiB pages whatever its size (4,096 fewer page faults at 10^6 triples).
  huge_pages::reserve_advised(grouped, quads.size(), true);
  grouped.resize(quads.size());
  for (std::size_t k = 0; k + 1 < stretches.size(); ++k) {
    const std::uint32_t first = stretches[k];
    const std::uint32_t length = stretches[k + 1] - first;
    std::uint32_t &to = next[run_of[quads[first].s] - 1];
    std::copy_n(quads.begin() + first, length, grouped.begin() + to);
    to += length;
  }
  quads.swap(grouped);
  return runs;
}

} // namespace

/// Sorts `quads` into output order (graph, subject, predicate with rdf:type first, object, by
/// term rank) and drops repeats; for triple syntaxes the same triple in several graphs too.
void sort_for_output(const graph::TermTable &terms, graph::TermId type_id, bool keep_graphs,
                     unsigned jobs, std::vector<graph::Quad> &quads) {
  using graph::Quad;
  using graph::TermId;
  // Rewritten into rank space, plain integer order is output order.
  std::vector<TermId> order;
  {
    const std::vector<std::uint32_t> rank = terms.ranks(&order, jobs);
    for (Quad &q : quads) {
      q = Quad{rank[q.s], q.p == type_id ? 0U : rank[q.p], rank[q.o],
               keep_graphs && q.g != 0 ? rank[q.g] : 0U};
    }
  }
  // Equal quads are equal in every field: any number of threads gives the same order. The
  // order (g, s, p, o) compared as two 64-bit keys: fewer branches the processor mispredicts
  // when the graphs differ (N-Quads, TriG).
  const auto less = [](const Quad &a, const Quad &b) {
    const std::uint64_t ga = (std::uint64_t{a.g} << 32U) | a.s;
    const std::uint64_t gb = (std::uint64_t{b.g} << 32U) | b.s;
    if (ga != gb)
      return ga < gb;
    return ((std::uint64_t{a.p} << 32U) | a.o) < ((std::uint64_t{b.p} << 32U) | b.o);
  };
  if (!keep_graphs || !sort_graph_runs(jobs, quads, less))
    parallel::sort(jobs, quads.begin(), quads.end(), less);
  quads.erase(std::unique(quads.begin(), quads.end()), quads.end());
  // Back from ranks to term ids.
  for (Quad &q : quads) {
    q = Quad{order[q.s], q.p == 0 ? type_id : order[q.p], order[q.o], q.g == 0 ? 0U : order[q.g]};
  }
}

std::optional<std::vector<Run>> order_by_subject(const graph::TermTable &terms,
                                                 graph::TermId type_id, unsigned jobs,
                                                 std::vector<graph::Quad> &quads) {
  std::vector<std::uint32_t> starts;
  std::vector<std::uint32_t> run_of;
  if (!subject_runs(quads, terms.size() + 1, jobs, starts, run_of))
    return std::nullopt;
  std::vector<graph::TermId> order;
  const std::vector<std::uint32_t> rank = terms.ranks(&order, jobs);
  std::vector<Run> runs = runs_in_rank_order(starts, run_of, order);
  std::vector<std::uint32_t>().swap(run_of);
  std::vector<std::uint32_t>().swap(starts);
  sort_runs(jobs, rank, order, type_id, quads, runs);
  return runs;
}

std::vector<Run> order_triples(const graph::TermTable &terms, graph::TermId type_id, unsigned jobs,
                               std::vector<graph::Quad> &quads) {
  if (auto runs = order_by_subject(terms, type_id, jobs, quads))
    return std::move(*runs);
  std::vector<graph::TermId> order;
  const std::vector<std::uint32_t> rank = terms.ranks(&order, jobs);
  std::vector<Run> runs = group_in_rank_order(quads, terms.size() + 1, order);
  sort_runs(jobs, rank, order, type_id, quads, runs);
  return runs;
}

namespace {

/// Writes sorted quads through one Serd writer; prefixed names from the shortener.
class QuadWriter {
public:
  QuadWriter(const graph::TermTable &terms, const rdf::PrefixMap &prefixes,
             const WriteOptions &options, ByteSink &out)
      : terms_(terms), prefixes_(prefixes), options_(options),
        type_id_(terms.find(graph::TermKind::iri, vocab::rdf_type)),
        quads_out_(options.syntax == rdf::Syntax::trig || options.syntax == rdf::Syntax::nquads),
        abbreviated_(options.syntax == rdf::Syntax::turtle || options.syntax == rdf::Syntax::trig),
        shortener_(terms, prefixes), sink_(out) {}

  Result<void> write(std::vector<graph::Quad> &quads) {
    const std::vector<Run> runs = output_runs(quads);
    if (abbreviated_)
      mark_used_prefixes(quads, runs);
    std::size_t total = 0;
    for (const Run &run : runs)
      total += run.end - run.begin;
    const unsigned threads = parallel::effective_jobs(options_.jobs, total / piece_quads);
    if (threads <= 1) {
      const bool ok = write_piece(quads, runs, 0, runs.size(), sink_, options_.group_starts);
      return ok ? Result<void>{} : failed();
    }
    return write_rounds(quads, runs, threads);
  }

  /// write_groups(): each subject's run on its own, as in the middle of an output.
  Result<void> write_middle(std::vector<graph::Quad> &quads, std::string &text,
                            std::vector<std::uint64_t> &starts,
                            std::vector<graph::TermId> &subjects) {
    FL_REQUIRE(!quads_out_, "write_groups: Turtle or N-Triples only");
    const std::vector<Run> runs = output_runs(quads);
    if (abbreviated_)
      mark_used_prefixes(quads, runs);
    if (runs.empty())
      return {};
    if (type_id_ == 0)
      return failed();
    StringSink into(text);
    Sink sink(into);
    rdf::EnvPtr env(serd_env_new(nullptr));
    rdf::WriterPtr writer(serd_writer_new(rdf::serd_syntax(options_.syntax), style(), env.get(),
                                          nullptr, Sink::write, &sink));
    if (!writer)
      return failed();
    if (abbreviated_) {
      env_prefixes(env.get());
      shortener_.shorten(type_id_);
    }
    // Another subject's statement first, its bytes dropped (no subject here is rdf:type).
    sink.mute = true;
    const bool primed = statement(writer.get(), graph::Quad{type_id_, type_id_, type_id_, 0}, sink);
    sink.mute = false;
    if (!primed)
      return failed();
    for (const Run &run : runs) {
      if (quads[run.begin].s == type_id_)
        return failed();
      starts.push_back(sink.written);
      subjects.push_back(quads[run.begin].s);
      for (std::uint32_t i = run.begin; i < run.end; ++i) {
        if (!statement(writer.get(), quads[i], sink))
          return failed();
      }
    }
    sink.mute = true; // the last statement's end belongs to what follows
    return sink.flush() ? Result<void>{} : failed();
  }

private:
  /// The output order as runs of `quads`: Turtle and N-Triples without sorting all the quads
  /// (order_triples); N-Quads and TriG sorted whole and cut between subjects (and
  /// graphs) into runs of about piece_quads.
  std::vector<Run> output_runs(std::vector<graph::Quad> &quads) const {
    if (!quads_out_)
      return order_triples(terms_, type_id_, options_.jobs, quads);
    sort_for_output(terms_, type_id_, quads_out_, options_.jobs, quads);
    std::vector<Run> runs;
    for (std::size_t begin = 0; begin < quads.size();) {
      const std::size_t end = cut_after(quads, begin + piece_quads);
      runs.push_back(Run{static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)});
      begin = end;
    }
    return runs;
  }

  /// Quads a thread serialises at once (a few MB of text).
  static constexpr std::size_t piece_quads = 1U << 13U;

  SerdStyle style() const {
    return static_cast<SerdStyle>(abbreviated_ ? SERD_STYLE_ABBREVIATED : 0);
  }
  /// Bytes reserved a quad of a piece: more than a line of N-Quads takes but for long literals.
  static constexpr std::size_t reserved_bytes_per_quad = 320;

  /// Serialises the quads of runs[begin, end) through a new Serd writer into `sink`: the first
  /// piece declares the prefixes; a later one starts from the state the single writer has there
  /// (the quad before, written into a muted sink), and leaves the last statement open unless
  /// it ends the output. The pieces, concatenated, are the single writer's bytes when cut
  /// between subjects: at a new subject Serd's output depends only on the graph and subject
  /// of the statement before.
  /// With `starts`, where each run's bytes begin in `sink` (and where the output's end
  /// begins, when the piece ends it), as WriteOptions::group_starts.
  bool write_piece(const std::vector<graph::Quad> &quads, const std::vector<Run> &runs,
                   std::size_t begin, std::size_t end, Sink &sink,
                   std::vector<std::uint64_t> *starts = nullptr) {
    if (options_.syntax == rdf::Syntax::nquads)
      return write_nquads_piece(quads, runs, begin, end, sink);
    rdf::EnvPtr env(serd_env_new(nullptr));
    rdf::WriterPtr writer(serd_writer_new(rdf::serd_syntax(options_.syntax), style(), env.get(),
                                          nullptr, Sink::write, &sink));
    if (!writer)
      return false;
    if (begin == 0) {
      if (abbreviated_ && !declare_prefixes(writer.get(), sink))
        return false;
    } else {
      if (abbreviated_)
        env_prefixes(env.get());
      sink.mute = true;
      const bool primed = statement(writer.get(), quads[runs[begin - 1].end - 1], sink);
      sink.mute = false;
      if (!primed)
        return false;
    }
    for (std::size_t r = begin; r < end; ++r) {
      if (starts != nullptr)
        starts->push_back(sink.written);
      for (std::uint32_t i = runs[r].begin; i < runs[r].end; ++i) {
        if (!statement(writer.get(), quads[i], sink))
          return false;
      }
    }
    if (end == runs.size()) {
      if (starts != nullptr)
        starts->push_back(sink.written);
      return serd_writer_finish(writer.get()) == SERD_SUCCESS && sink.flush();
    }
    sink.mute = true; // the writer's end (freed with it) belongs to a later piece
    return sink.flush();
  }

  /// N-Quads without a Serd N-Quads writer: Serd writes each statement as N-Triples, and
  /// GraphEnd puts ` graph` before the statement's end. The bytes are those of Serd's N-Quads
  /// writer (`s p o g .`, the same node writer), without escaping the graph's IRI anew for every
  /// statement (a third of the text) and without copying the text again.
  bool write_nquads_piece(const std::vector<graph::Quad> &quads, const std::vector<Run> &runs,
                          std::size_t begin, std::size_t end, Sink &sink) const {
    std::string graph_text;
    GraphEnd ends{&sink, {}, 0};
    rdf::EnvPtr env(serd_env_new(nullptr));
    rdf::WriterPtr writer(
        serd_writer_new(SERD_NTRIPLES, SerdStyle(0), env.get(), nullptr, GraphEnd::write, &ends));
    if (!writer)
      return false;
    graph::TermId g = 0;
    const std::uint32_t first = begin < end ? runs[begin].begin : 0;
    for (std::size_t r = begin; r < end; ++r) {
      for (std::uint32_t i = runs[r].begin; i < runs[r].end; ++i) {
        if (!nquads_statement(writer.get(), quads[i], i == first, g, graph_text, ends, sink))
          return false;
      }
    }
    return sink.flush();
  }

  /// Serd's sink for N-Triples statements that become N-Quads: Serd 0.30 ends each statement with
  /// one write of " .\n" (an object's text never is that: its line breaks are escaped), which
  /// becomes `end` (" <graph> .\n"); every other write goes through. `statements` counts the
  /// ends seen, so that a Serd that ended statements otherwise is caught, not written wrong.
  struct GraphEnd {
    Sink *out;
    std::string end;
    std::size_t statements;
    static std::size_t write(const void *buf, std::size_t len, void *stream) noexcept {
      auto *self = static_cast<GraphEnd *>(stream);
      if (len == 3 && std::memcmp(buf, " .\n", 3) == 0) {
        ++self->statements;
        return Sink::write(self->end.data(), self->end.size(), self->out) == self->end.size() ? len
                                                                                              : 0;
      }
      return Sink::write(buf, len, self->out);
    }
  };

  /// One statement of write_nquads_piece(), with the graph's text (`g`'s) renewed when it changes.
  bool nquads_statement(SerdWriter *writer, const graph::Quad &q, bool first, graph::TermId &g,
                        std::string &graph_text, GraphEnd &ends, Sink &sink) const {
    if (first || q.g != g) {
      g = q.g;
      graph_text.clear();
      if (g != 0 && !term_text(g, graph_text))
        return false;
      ends.end = graph_text.empty() ? std::string(" .\n") : " " + graph_text + " .\n";
    }
    const std::size_t before = ends.statements;
    return statement(writer, q, sink, false) && ends.statements == before + 1;
  }

  /// The N-Triples text of the IRI `id` as Serd writes it (a statement `<id> <id> <id> .` cut at
  /// its first space: an IRI written by Serd has none).
  bool term_text(graph::TermId id, std::string &text) const {
    std::string line;
    StringSink into(line);
    Sink inner(into);
    rdf::EnvPtr env(serd_env_new(nullptr));
    rdf::WriterPtr writer(
        serd_writer_new(SERD_NTRIPLES, SerdStyle(0), env.get(), nullptr, Sink::write, &inner));
    const SerdNode n = node_for(id, false);
    if (!writer ||
        serd_writer_write_statement(writer.get(), 0, nullptr, &n, &n, &n, nullptr, nullptr) !=
            SERD_SUCCESS ||
        !inner.flush())
      return false;
    text.assign(line, 0, line.find(' '));
    return true;
  }

  /// The output in pieces of about `piece_quads` quads, each serialised into memory by its own
  /// writer on one of `threads` threads. A finished piece is written out by the thread that
  /// finished it as soon as every piece before it has been: the writing of one piece overlaps the
  /// serialising of the next, and at most a few pieces wait in memory (pieces are handed out in
  /// order). Buffers are reused, so a piece's text does not fault in fresh pages.
  Result<void> write_rounds(const std::vector<graph::Quad> &quads, const std::vector<Run> &runs,
                            unsigned threads) {
    std::vector<std::size_t> sizes;
    const std::vector<std::size_t> bounds = piece_bounds(runs, sizes);
    const std::size_t pieces = bounds.size() - 1;
    std::vector<std::string> text(pieces);
    std::vector<std::vector<std::uint64_t>> starts(options_.group_starts != nullptr ? pieces : 0);
    std::uint64_t offset = 0; // of the next piece in the output
    std::vector<char> done(pieces, 0);
    std::vector<std::string> spare;
    std::size_t next_out = 0;
    bool bad = false;
    std::mutex mutex;
    parallel::for_each_index(threads, pieces, [&](std::size_t k) {
      std::string piece;
      {
        const std::lock_guard<std::mutex> lock(mutex);
        if (!spare.empty()) {
          piece = std::move(spare.back());
          spare.pop_back();
        }
      }
      piece.clear();
      // Room for the piece's text at once: growing by doubling would copy it and touch fresh
      // pages twice over (pages reserved but not written cost nothing).
      piece.reserve(sizes[k] * reserved_bytes_per_quad);
      StringSink into(piece);
      Sink sink(into);
      const bool ok = write_piece(quads, runs, bounds[k], bounds[k + 1], sink,
                                  starts.empty() ? nullptr : &starts[k]);
      const std::lock_guard<std::mutex> lock(mutex);
      bad = bad || !ok;
      text[k] = std::move(piece);
      done[k] = 1;
      for (; !bad && next_out < pieces && done[next_out] != 0; ++next_out) {
        std::string &t = text[next_out];
        if ((!t.empty() && !Sink::write(t.data(), t.size(), &sink_)) || sink_.failed())
          bad = true;
        for (std::size_t i = 0; !starts.empty() && i < starts[next_out].size(); ++i)
          options_.group_starts->push_back(offset + starts[next_out][i]);
        offset += t.size();
        spare.push_back(std::move(t));
      }
    });
    if (bad || !sink_.flush())
      return failed();
    return {};
  }

  /// The pieces: runs[bounds[k], bounds[k + 1]) of piece k, whole runs of at least piece_quads
  /// quads in all (but the last piece), `sizes[k]` quads.
  static std::vector<std::size_t> piece_bounds(const std::vector<Run> &runs,
                                               std::vector<std::size_t> &sizes) {
    std::vector<std::size_t> bounds{0};
    std::size_t count = 0;
    for (std::size_t r = 0; r < runs.size(); ++r) {
      count += runs[r].end - runs[r].begin;
      if (count >= piece_quads || r + 1 == runs.size()) {
        bounds.push_back(r + 1);
        sizes.push_back(count);
        count = 0;
      }
    }
    return bounds;
  }

  /// The first index at or after `i` where a subject (or graph) starts, or quads.size().
  static std::size_t cut_after(const std::vector<graph::Quad> &quads, std::size_t i) {
    if (i >= quads.size())
      return quads.size();
    while (i > 0 && i < quads.size() && quads[i].s == quads[i - 1].s &&
           quads[i].g == quads[i - 1].g)
      ++i;
    return i;
  }

  static Result<void> failed() { return io_error("<output>", "cannot write the output"); }

  /// Pass 1 of the abbreviated syntaxes: which prefixes the output uses, and the prefixed names
  /// of its IRIs, on `jobs` threads: the terms the quads name are marked (a pass over the quads
  /// in slices), then the marked ones shortened (Shortener::shorten_marked).
  void mark_used_prefixes(const std::vector<graph::Quad> &quads, const std::vector<Run> &runs) {
    std::vector<std::uint8_t> marked(terms_.size() + 1, 0);
    const std::size_t slices = runs.size() < 64 ? 1 : 64;
    parallel::for_each_index(options_.jobs, slices, [&](std::size_t k) {
      // One byte, the same value from every thread. Read first: most terms are named many
      // times, and a store to a line that the other core holds takes the line from that core
      // (stored every time, the pass took as long on two threads as on one).
      const auto mark = [&](graph::TermId id) {
        std::atomic_ref<std::uint8_t> byte(marked[id]);
        if (byte.load(std::memory_order_relaxed) == 0)
          byte.store(1, std::memory_order_relaxed);
      };
      for (std::size_t r = runs.size() * k / slices; r < runs.size() * (k + 1) / slices; ++r) {
        for (std::uint32_t i = runs[r].begin; i < runs[r].end; ++i) {
          const graph::Quad &q = quads[i];
          mark(q.s);
          if (q.p != type_id_)
            mark(q.p);
          mark(q.o);
          if (quads_out_ && q.g != 0)
            mark(q.g);
        }
      }
    });
    shortener_.shorten_marked(marked, options_.jobs);
  }

  /// The prefixes to declare: the used ones (all with only_used_prefixes off), sorted by name.
  std::vector<std::size_t> declared() const {
    const std::vector<rdf::Prefix> &all = prefixes_.entries();
    std::vector<std::size_t> used;
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (!options_.only_used_prefixes || shortener_.used(i))
        used.push_back(i);
    }
    std::sort(used.begin(), used.end(),
              [&](std::size_t a, std::size_t b) { return all[a].name < all[b].name; });
    return used;
  }

  bool declare_prefixes(SerdWriter *writer, Sink &sink) {
    const std::vector<rdf::Prefix> &all = prefixes_.entries();
    for (std::size_t i : declared()) {
      const SerdNode name = plain_node(SERD_LITERAL, all[i].name);
      const SerdNode iri = plain_node(SERD_URI, all[i].iri);
      if (serd_writer_set_prefix(writer, &name, &iri) != SERD_SUCCESS || sink.check())
        return false;
    }
    return true;
  }

  /// The declared prefixes in a later piece's environment, as the first piece's writer has them.
  void env_prefixes(SerdEnv *env) const {
    const std::vector<rdf::Prefix> &all = prefixes_.entries();
    for (std::size_t i : declared()) {
      const SerdNode name = plain_node(SERD_LITERAL, all[i].name);
      const SerdNode iri = plain_node(SERD_URI, all[i].iri);
      serd_env_set_prefix(env, &name, &iri);
    }
  }

  SerdNode node_for(graph::TermId id, bool predicate) const {
    const graph::TermView t = terms_.get(id);
    switch (t.kind) {
    case graph::TermKind::iri:
      if (abbreviated_ && !(predicate && id == type_id_)) {
        const std::string_view curie = shortener_.known(id);
        if (!curie.empty())
          return plain_node(SERD_CURIE, curie);
      }
      return plain_node(SERD_URI, t.value);
    case graph::TermKind::blank: return plain_node(SERD_BLANK, t.value);
    case graph::TermKind::literal: return rdf::view_node(SERD_LITERAL, t.value);
    }
    return SERD_NODE_NULL;
  }

  bool statement(SerdWriter *writer, const graph::Quad &q, Sink &sink,
                 bool with_graph_term = true) const {
    const SerdNode s = node_for(q.s, false);
    const SerdNode p = node_for(q.p, true);
    const SerdNode o = node_for(q.o, false);
    SerdNode g = SERD_NODE_NULL;
    if (with_graph_term && quads_out_ && q.g != 0)
      g = node_for(q.g, false);
    SerdNode dt = SERD_NODE_NULL;
    SerdNode lang = SERD_NODE_NULL;
    const graph::TermView ot = terms_.get(q.o);
    if (ot.is_literal()) {
      if (!ot.lang.empty())
        lang = plain_node(SERD_LITERAL, ot.lang);
      else if (const graph::TermId dt_id = terms_.datatype_of(q.o); dt_id != 0)
        dt = node_for(dt_id, false);
    }
    const SerdStatus st =
        serd_writer_write_statement(writer, 0, g.buf ? &g : nullptr, &s, &p, &o,
                                    dt.buf ? &dt : nullptr, lang.buf ? &lang : nullptr);
    return st == SERD_SUCCESS && !sink.check();
  }

  const graph::TermTable &terms_;
  const rdf::PrefixMap &prefixes_;
  const WriteOptions &options_;
  graph::TermId type_id_;
  bool quads_out_;
  bool abbreviated_;
  Shortener shortener_;
  Sink sink_;
};

} // namespace

Result<void> write_graph(const graph::Graph &graph, const WriteOptions &options, std::string &out) {
  StringSink sink(out);
  return write_graph(graph, options, sink);
}

Result<void> write_graph(const graph::Graph &graph, const WriteOptions &options, ByteSink &out) {
  std::vector<graph::Quad> quads = graph.quads();
  return QuadWriter(graph.terms(), graph.prefix_map(), options, out).write(quads);
}

Result<void> write_graph(graph::Graph &&graph, const WriteOptions &options, ByteSink &out) {
  std::vector<graph::Quad> quads = graph.take_quads();
  return QuadWriter(graph.terms(), graph.prefix_map(), options, out).write(quads);
}

Result<void> write_groups(const graph::Graph &graph, const WriteOptions &options, std::string &text,
                          std::vector<std::uint64_t> &starts,
                          std::vector<graph::TermId> &subjects) {
  std::vector<graph::Quad> quads = graph.quads();
  StringSink not_used(text); // write_middle writes into `text` itself
  return QuadWriter(graph.terms(), graph.prefix_map(), options, not_used)
      .write_middle(quads, text, starts, subjects);
}

} // namespace factloom::serialise
