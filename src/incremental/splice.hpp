// build --cache after a few files changed: the new output made from the previous one, its
// subjects' groups of triples that did not change copied, the others replaced. See
// docs/incremental.md ("A partial build").
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <vector>

#include "base/io.hpp"
#include "rdf/prefixes.hpp"

namespace factloom::incremental {

/// An array of numbers kept as bytes (host order, any alignment): read in place from a cache
/// file, or made here; copies share the bytes.
template <class T> class Packed {
public:
  Packed() = default;
  /// A view of `bytes` (which must outlive it): size() is bytes.size() / sizeof(T).
  explicit Packed(std::string_view bytes) : bytes_(bytes) {}
  explicit Packed(std::vector<T> values)
      : owned_(std::make_shared<const std::vector<T>>(std::move(values))),
        bytes_(reinterpret_cast<const char *>(owned_->data()), owned_->size() * sizeof(T)) {
  } // NOLINT
  std::size_t size() const { return bytes_.size() / sizeof(T); }
  bool empty() const { return bytes_.empty(); }
  T operator[](std::size_t i) const {
    T v;
    std::memcpy(&v, bytes_.data() + i * sizeof(T), sizeof(T));
    return v;
  }
  T back() const { return (*this)[size() - 1]; }
  std::string_view bytes() const { return bytes_; }
  /// What holds the bytes made here (null for a view).
  std::shared_ptr<const void> owner() const { return owned_; }

private:
  std::shared_ptr<const std::vector<T>> owned_;
  std::string_view bytes_;
};

/// An output written by serialise::write_graph (Turtle or N-Triples) and where its subjects'
/// groups begin (WriteOptions::group_starts: one a subject, in output order, then where the
/// output's end begins). Its prefixes are read from its head (the bytes before the first group).
class Output {
public:
  Output(std::string_view bytes, Packed<std::uint64_t> starts);
  /// Whether the starts fit the bytes (increasing, inside them, at least one group) and the head
  /// is only prefix declarations.
  bool valid() const { return valid_; }
  /// The bytes before the first group: the prefix declarations (Turtle).
  std::string_view head() const { return bytes_.substr(0, starts_[0]); }
  std::size_t groups() const { return starts_.size() - 1; }
  /// Group k's statements as a Turtle or N-Triples text of their own (without the prefixes).
  std::string statements(std::size_t k) const;
  /// The IRI of group k's subject, read from its text; nullopt when it is not one written as
  /// the writer writes (then nothing can be spliced).
  std::optional<std::string> subject(std::size_t k) const;
  /// The first group whose subject is not less than `iri` (groups() when none); nullopt when a
  /// subject could not be read.
  std::optional<std::size_t> lower_bound(std::string_view iri) const;
  /// The groups (sorted) whose subjects are `base + id`, or under it (`base + id + "/..."`),
  /// for each of `ids`; nullopt when a subject could not be read.
  std::optional<std::vector<std::size_t>> owned_by(const std::vector<std::string> &ids,
                                                   std::string_view base) const;

  /// New groups, each with its subject's IRI and its text (as serialise::write_groups gives it),
  /// sorted by subject.
  struct Group {
    std::string subject;
    std::string_view text;
  };
  /// Writes the output with the groups `drop` (sorted) left out and `add` put in their places
  /// into `out`, and where its groups begin into `starts`. False when the result would not be
  /// what the writer writes (a group added before the first one or the first one dropped: the
  /// first group's bytes begin differently; a subject added that is there and not dropped; no
  /// group left), or when writing failed (`out` tells).
  /// What splice() writes: the pieces, one after the other (views into the output's bytes or
  /// into `add`'s texts), and where the groups begin in them.
  struct Splice {
    std::vector<std::string_view> pieces;
    std::vector<std::uint64_t> starts;
  };
  /// splice() in two steps: what it would write (nullopt when it refuses), then the writing.
  std::optional<Splice> plan(const std::vector<std::size_t> &drop,
                             const std::vector<Group> &add) const;
  /// Writes the splice's bytes from `from` on (the first `from` written before: at most
  /// same_start()).
  bool write(const Splice &splice, ByteSink &out, int fd = -1, std::uint64_t from = 0) const;
  /// How many of the splice's first bytes are the output's at the same places: what a copy of
  /// the output's start, made before the splice was planned, may keep.
  std::uint64_t same_start(const Splice &splice) const;
  /// `fd`, when not -1, is the output's file (its bytes are then copied by the kernel where it
  /// can: ByteSink::write_copy).
  bool splice(const std::vector<std::size_t> &drop, const std::vector<Group> &add, ByteSink &out,
              std::vector<std::uint64_t> &starts, int fd = -1) const;

private:
  std::string_view bytes_;
  Packed<std::uint64_t> starts_;
  rdf::PrefixMap prefixes_;
  bool valid_ = false;
};

/// Whether `iri` is `base + id` or under it for one of `ids`.
bool owned(std::string_view iri, std::string_view base, const std::unordered_set<std::string> &ids);

/// The start of an output copied into the file that replaces it, on a thread of its own, while
/// a partial build is still working out what changes: most of the output is the same from its
/// start to the first group replaced (Output::same_start), and this much need not be copied
/// after. The bytes go to the same offsets, a chunk at a time, by the kernel
/// (AtomicFile::copy_at); it stops at the end, at the first chunk the kernel cannot copy, or
/// when told.
class EarlyCopy {
public:
  /// Starts copying the first `size` bytes of the file `fd` into `to`, unless jobs <= 1 (one
  /// thread: nothing is copied early).
  EarlyCopy(AtomicFile &to, int fd, std::uint64_t size, unsigned jobs);
  ~EarlyCopy();
  EarlyCopy(const EarlyCopy &) = delete;
  EarlyCopy &operator=(const EarlyCopy &) = delete;
  /// Stops after the chunk being copied; how many bytes from the start are copied.
  std::uint64_t stop();

private:
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> done_{0};
  std::thread thread_;
};

/// The files' vocabularies (compile::file_vocabulary, in input order) as one table of the items
/// they use and, per file, the indexes of its items in it.
class Vocabulary {
public:
  Vocabulary() = default;
  explicit Vocabulary(const std::vector<std::vector<std::uint64_t>> &files);
  std::size_t files() const { return first_.empty() ? 0 : first_.size() - 1; }
  static constexpr std::size_t none = static_cast<std::size_t>(-1);
  /// The files now, by position: `changed` ones have the items `now` gives them (the others'
  /// lists there are not read); an unchanged one is file `old[i]` of this vocabulary (none: a
  /// file added, so changed). A file of this vocabulary that no unchanged file is, was changed
  /// or removed. Whether the union of all files' items stays the same.
  bool same_union(const std::vector<std::vector<std::uint64_t>> &now,
                  const std::vector<bool> &changed, const std::vector<std::size_t> &old) const;
  /// The vocabulary of the files now (same_union must hold: every item is in the table).
  Vocabulary with(const std::vector<std::vector<std::uint64_t>> &now,
                  const std::vector<bool> &changed, const std::vector<std::size_t> &old) const;

  /// Its encoding, as parts to write one after the other (views into it and into `lengths`).
  void encode(std::vector<std::string_view> &parts, std::string &lengths) const;
  /// nullopt unless `bytes` begin with an encoding (read in place: `bytes` must outlive it);
  /// `bytes` is advanced past it.
  static std::optional<Vocabulary> decode(std::string_view &bytes);

private:
  Packed<std::uint64_t> items_; ///< sorted
  Packed<std::uint64_t> first_; ///< file i's indexes are lists_[first_[i], first_[i + 1])
  Packed<std::uint32_t> lists_;
};

/// What build --cache keeps beside the check's file records (check_state.hpp): the files'
/// vocabularies and the output's group starts. Record::state holds, one after the other, a head
/// (a magic and the records' length), the records' bytes, the vocabulary, and the starts (host
/// byte order: the cache stays on its machine).
struct BuildState {
  std::string_view records; ///< the check's file records (check_state.hpp)
  Vocabulary vocabulary;
  Packed<std::uint64_t> starts;
};
/// The parts of Record::state for `state`, whose records are the parts `records`; `keep` gets
/// what holds the bytes made here.
std::vector<std::string_view> build_state_parts(const std::vector<std::string_view> &records,
                                                const BuildState &state,
                                                std::vector<std::shared_ptr<const void>> &keep);
/// The parts of such bytes (views into them); nullopt when they are not exactly that.
std::optional<BuildState> decode_build_state(std::string_view bytes);

} // namespace factloom::incremental
