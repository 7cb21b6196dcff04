// The previous output with some subjects' groups replaced (build --cache after an edit).
#include "incremental/splice.hpp"

#include <algorithm>
#include <cstring>
#include <functional>

namespace factloom::incremental {

Output::Output(std::string_view bytes, Packed<std::uint64_t> starts)
    : bytes_(bytes), starts_(std::move(starts)) {
  if (starts_.size() < 2 || starts_.back() > bytes_.size())
    return;
  for (std::size_t k = 1; k < starts_.size(); ++k) {
    if (starts_[k] <= starts_[k - 1])
      return;
  }
  // The head: lines "@prefix NAME: <IRI> ." as Serd writes them, then the first group.
  std::string_view head = bytes_.substr(0, starts_[0]);
  while (!head.empty()) {
    const std::size_t end = head.find('\n');
    const std::string_view line = head.substr(0, end);
    head.remove_prefix(end == std::string_view::npos ? head.size() : end + 1);
    const std::size_t colon = line.find(": <");
    if (line.substr(0, 8) != "@prefix " || colon == std::string_view::npos ||
        line.size() < colon + 5 || line.substr(line.size() - 3) != "> .")
      return;
    prefixes_.add(line.substr(8, colon - 8), line.substr(colon + 3, line.size() - colon - 6));
  }
  valid_ = true;
}

std::optional<std::string> Output::subject(std::size_t k) const {
  std::string_view t = bytes_.substr(starts_[k], starts_[k + 1] - starts_[k]);
  // The end of the statement before (" .\n\n"), or the line after the prefixes.
  const std::size_t at = t.find_first_not_of(" .\n");
  if (at == std::string_view::npos)
    return std::nullopt;
  t.remove_prefix(at);
  if (t.front() == '<') {
    const std::size_t end = t.find('>');
    if (end == std::string_view::npos || t.substr(0, end).find('\\') != std::string_view::npos)
      return std::nullopt;
    return std::string(t.substr(1, end - 1));
  }
  const std::string_view name = t.substr(0, t.find_first_of(" \t\n"));
  const std::size_t colon = name.find(':');
  if (colon == std::string_view::npos || name.find('\\') != std::string_view::npos)
    return std::nullopt;
  const rdf::Prefix *p = prefixes_.find(name.substr(0, colon));
  if (p == nullptr)
    return std::nullopt;
  return p->iri + std::string(name.substr(colon + 1));
}

std::string Output::statements(std::size_t k) const {
  std::string_view t = bytes_.substr(starts_[k], starts_[k + 1] - starts_[k]);
  t.remove_prefix(std::min(t.size(), t.find_first_not_of(" .\n")));
  std::string out(t);
  // A Turtle group ends with its last object (the " .\n" comes with what follows); an
  // N-Triples line ends with its own.
  const std::string_view end = " .\n";
  if (out.size() < end.size() || out.compare(out.size() - end.size(), end.size(), end) != 0)
    out += end;
  return out;
}

std::optional<std::size_t> Output::lower_bound(std::string_view iri) const {
  std::size_t lo = 0, hi = groups();
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    const std::optional<std::string> s = subject(mid);
    if (!s)
      return std::nullopt;
    if (std::string_view(*s) < iri)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

std::optional<std::vector<std::size_t>> Output::owned_by(const std::vector<std::string> &ids,
                                                         std::string_view base) const {
  std::vector<std::size_t> out;
  for (const std::string &id : ids) {
    const std::string iri = std::string(base) + id;
    const auto at = lower_bound(iri);
    if (!at)
      return std::nullopt;
    if (*at < groups()) {
      const auto s = subject(*at);
      if (!s)
        return std::nullopt;
      if (*s == iri)
        out.push_back(*at);
    }
    // Every IRI that begins with iri + "/" is at least that and less than iri + "0".
    const auto lo = lower_bound(iri + "/");
    const auto hi = lower_bound(iri + "0");
    if (!lo || !hi)
      return std::nullopt;
    for (std::size_t k = *lo; k < *hi; ++k)
      out.push_back(k);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<Output::Splice> Output::plan(const std::vector<std::size_t> &drop,
                                           const std::vector<Group> &add) const {
  const std::size_t n = groups();
  std::vector<std::size_t> at;
  for (const Group &g : add) {
    const auto k = lower_bound(g.subject);
    if (!k || *k == 0)
      return std::nullopt;
    if (*k < n && subject(*k) == g.subject && !std::binary_search(drop.begin(), drop.end(), *k))
      return std::nullopt;
    at.push_back(*k);
  }
  if (!drop.empty() && drop.front() == 0)
    return std::nullopt;
  Splice out;
  out.starts.reserve(n + add.size() + 1);
  std::uint64_t written = 0;
  auto put = [&](std::string_view bytes) {
    written += bytes.size();
    if (!bytes.empty())
      out.pieces.push_back(bytes);
  };
  put(bytes_.substr(0, starts_[0]));
  std::size_t next_add = 0, next_drop = 0;
  std::uint64_t from = starts_[0], to = starts_[0]; // old bytes to copy, not yet copied
  for (std::size_t k = 0; k <= n; ++k) {
    for (; next_add < add.size() && at[next_add] == k; ++next_add) {
      put(bytes_.substr(from, to - from));
      from = to;
      out.starts.push_back(written);
      put(add[next_add].text);
    }
    if (k == n)
      break;
    if (next_drop < drop.size() && drop[next_drop] == k) {
      ++next_drop;
      put(bytes_.substr(from, to - from));
      from = to = starts_[k + 1];
      continue;
    }
    out.starts.push_back(written + (to - from));
    to = starts_[k + 1];
  }
  out.starts.push_back(written + (to - from));
  put(bytes_.substr(from, to - from));
  put(bytes_.substr(starts_[n]));
  return out;
}

bool Output::write(const Splice &splice, ByteSink &out, int fd, std::uint64_t from) const {
  const std::less<const char *> less;
  std::uint64_t skip = from; // bytes of the pieces already written
  for (std::string_view bytes : splice.pieces) {
    const std::size_t skipped =
        static_cast<std::size_t>(std::min<std::uint64_t>(skip, bytes.size()));
    skip -= skipped;
    bytes.remove_prefix(skipped);
    if (bytes.empty())
      continue;
    const bool old =
        !less(bytes.data(), bytes_.data()) && less(bytes.data(), bytes_.data() + bytes_.size());
    const bool ok =
        fd >= 0 && old
            ? out.write_copy(bytes, fd, static_cast<std::uint64_t>(bytes.data() - bytes_.data()))
            : out.write(bytes.data(), bytes.size());
    if (!ok)
      return false;
  }
  return true;
}

std::uint64_t Output::same_start(const Splice &splice) const {
  std::uint64_t same = 0;
  for (const std::string_view bytes : splice.pieces) {
    // A piece of the old bytes that begins where it was: the old bytes' own address, offset.
    if (same >= bytes_.size() || bytes.data() != bytes_.data() + same)
      break;
    same += bytes.size();
  }
  return same;
}

bool Output::splice(const std::vector<std::size_t> &drop, const std::vector<Group> &add,
                    ByteSink &out, std::vector<std::uint64_t> &starts, int fd) const {
  std::optional<Splice> s = plan(drop, add);
  if (!s || !write(*s, out, fd))
    return false;
  starts = std::move(s->starts);
  return true;
}

EarlyCopy::EarlyCopy(AtomicFile &to, int fd, std::uint64_t size, unsigned jobs) {
  if (jobs <= 1 || fd < 0)
    return;
  thread_ = std::thread([this, &to, fd, size] {
    constexpr std::uint64_t chunk = std::uint64_t{16} << 20U;
    for (std::uint64_t at = 0; at < size && !stop_.load(std::memory_order_relaxed);) {
      const std::uint64_t n = std::min(chunk, size - at);
      if (!to.copy_at(fd, at, n, at))
        return;
      at += n;
      done_.store(at, std::memory_order_relaxed);
    }
  });
}

EarlyCopy::~EarlyCopy() { (void)stop(); }

std::uint64_t EarlyCopy::stop() {
  stop_ = true;
  if (thread_.joinable())
    thread_.join();
  return done_.load();
}

bool owned(std::string_view iri, std::string_view base,
           const std::unordered_set<std::string> &ids) {
  if (iri.substr(0, base.size()) != base)
    return false;
  const std::string_view rest = iri.substr(base.size());
  for (std::size_t slash = rest.find('/');; slash = rest.find('/', slash + 1)) {
    if (ids.count(std::string(rest.substr(0, slash))) != 0)
      return true;
    if (slash == std::string_view::npos)
      return false;
  }
}

namespace {

void put_u64(std::string &out, std::uint64_t v) {
  char b[sizeof v];
  std::memcpy(b, &v, sizeof v);
  out.append(b, sizeof v);
}

std::optional<std::uint64_t> get_u64(std::string_view &in) {
  std::uint64_t v = 0;
  if (in.size() < sizeof v)
    return std::nullopt;
  std::memcpy(&v, in.data(), sizeof v);
  in.remove_prefix(sizeof v);
  return v;
}

/// `count` numbers of `in`, in place; nullopt when there are fewer.
template <class T> std::optional<Packed<T>> get_packed(std::string_view &in, std::uint64_t count) {
  if (count > in.size() / sizeof(T))
    return std::nullopt;
  Packed<T> out(in.substr(0, count * sizeof(T)));
  in.remove_prefix(count * sizeof(T));
  return out;
}

/// The index of `h` in the sorted `items`, or items.size().
std::size_t find(const Packed<std::uint64_t> &items, std::uint64_t h) {
  std::size_t lo = 0, hi = items.size();
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (items[mid] < h)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < items.size() && items[lo] == h ? lo : items.size();
}

} // namespace

Vocabulary::Vocabulary(const std::vector<std::vector<std::uint64_t>> &files) {
  std::vector<std::uint64_t> items;
  for (const std::vector<std::uint64_t> &f : files)
    items.insert(items.end(), f.begin(), f.end());
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  std::vector<std::uint64_t> first{0};
  std::vector<std::uint32_t> lists;
  for (const std::vector<std::uint64_t> &f : files) {
    for (const std::uint64_t h : f) {
      const auto at = std::lower_bound(items.begin(), items.end(), h);
      lists.push_back(static_cast<std::uint32_t>(at - items.begin()));
    }
    first.push_back(lists.size());
  }
  items_ = Packed<std::uint64_t>(std::move(items));
  first_ = Packed<std::uint64_t>(std::move(first));
  lists_ = Packed<std::uint32_t>(std::move(lists));
}

bool Vocabulary::same_union(const std::vector<std::vector<std::uint64_t>> &now,
                            const std::vector<bool> &changed,
                            const std::vector<std::size_t> &old) const {
  std::vector<bool> kept(files(), false); // an old file that is an unchanged one now
  for (std::size_t i = 0; i < changed.size(); ++i) {
    if (!changed[i] && old[i] < files())
      kept[old[i]] = true;
  }
  // Per item of the table: 1 used by a file kept, 2 by one changed or removed, 4 by a changed
  // or added one now.
  std::vector<std::uint8_t> use(items_.size(), 0);
  for (std::size_t i = 0; i < files(); ++i) {
    const auto mark = static_cast<std::uint8_t>(kept[i] ? 1U : 2U);
    for (std::uint64_t k = first_[i], end = first_[i + 1]; k < end; ++k)
      use[lists_[k]] |= mark;
  }
  for (std::size_t i = 0; i < changed.size(); ++i) {
    if (!changed[i])
      continue;
    for (const std::uint64_t h : now[i]) {
      const std::size_t at = find(items_, h);
      if (at == items_.size())
        return false; // an item no file used
      use[at] |= std::uint8_t{4};
    }
  }
  for (const std::uint8_t u : use) {
    const bool before = (u & 3) != 0;
    const bool after = (u & 5) != 0;
    if (before != after)
      return false;
  }
  return true;
}

Vocabulary Vocabulary::with(const std::vector<std::vector<std::uint64_t>> &now,
                            const std::vector<bool> &changed,
                            const std::vector<std::size_t> &old) const {
  std::vector<std::uint64_t> first{0};
  first.reserve(changed.size() + 1);
  std::vector<std::uint32_t> lists;
  lists.reserve(lists_.size() + 64);
  for (std::size_t i = 0; i < changed.size(); ++i) {
    if (changed[i]) {
      for (const std::uint64_t h : now[i])
        lists.push_back(static_cast<std::uint32_t>(find(items_, h)));
    } else {
      const std::size_t begin = lists.size();
      const std::uint64_t from = first_[old[i]], count = first_[old[i] + 1] - from;
      lists.resize(begin + count);
      if (count > 0)
        std::memcpy(lists.data() + begin, lists_.bytes().data() + from * sizeof(std::uint32_t),
                    count * sizeof(std::uint32_t));
    }
    first.push_back(lists.size());
  }
  Vocabulary out;
  out.items_ = items_;
  out.first_ = Packed<std::uint64_t>(std::move(first));
  out.lists_ = Packed<std::uint32_t>(std::move(lists));
  return out;
}

void Vocabulary::encode(std::vector<std::string_view> &parts, std::string &lengths) const {
  lengths.clear();
  put_u64(lengths, items_.size());
  put_u64(lengths, first_.size());
  put_u64(lengths, lists_.size());
  parts.insert(parts.end(), {lengths, items_.bytes(), first_.bytes(), lists_.bytes()});
}

std::optional<Vocabulary> Vocabulary::decode(std::string_view &bytes) {
  const auto n_items = get_u64(bytes);
  const auto n_first = n_items ? get_u64(bytes) : std::nullopt;
  const auto n_lists = n_first ? get_u64(bytes) : std::nullopt;
  auto items = n_lists ? get_packed<std::uint64_t>(bytes, *n_items) : std::nullopt;
  auto first = items ? get_packed<std::uint64_t>(bytes, *n_first) : std::nullopt;
  auto lists = first ? get_packed<std::uint32_t>(bytes, *n_lists) : std::nullopt;
  if (!lists || first->empty() || (*first)[0] != 0 || first->back() != lists->size())
    return std::nullopt;
  for (std::size_t i = 1; i < first->size(); ++i) {
    if ((*first)[i] < (*first)[i - 1])
      return std::nullopt;
  }
  for (std::size_t i = 1; i < items->size(); ++i) {
    if ((*items)[i] <= (*items)[i - 1])
      return std::nullopt;
  }
  for (std::size_t k = 0; k < lists->size(); ++k) {
    if ((*lists)[k] >= items->size())
      return std::nullopt;
  }
  Vocabulary v;
  v.items_ = std::move(*items);
  v.first_ = std::move(*first);
  v.lists_ = std::move(*lists);
  return v;
}

std::vector<std::string_view> build_state_parts(const std::vector<std::string_view> &records,
                                                const BuildState &state,
                                                std::vector<std::shared_ptr<const void>> &keep) {
  std::size_t records_bytes = 0;
  for (const std::string_view r : records)
    records_bytes += r.size();
  auto head = std::make_shared<std::string>("FLBUILD3");
  put_u64(*head, records_bytes);
  auto lengths = std::make_shared<std::string>();
  auto starts = std::make_shared<std::string>();
  put_u64(*starts, state.starts.size());
  std::vector<std::string_view> parts{*head};
  parts.insert(parts.end(), records.begin(), records.end());
  state.vocabulary.encode(parts, *lengths);
  parts.insert(parts.end(), {*starts, state.starts.bytes()});
  keep.insert(keep.end(), {head, lengths, starts, state.starts.owner(),
                           std::make_shared<const Vocabulary>(state.vocabulary)});
  return parts;
}

std::optional<BuildState> decode_build_state(std::string_view bytes) {
  if (bytes.substr(0, 8) != "FLBUILD3")
    return std::nullopt;
  bytes.remove_prefix(8);
  const auto records = get_u64(bytes);
  if (!records || *records > bytes.size())
    return std::nullopt;
  BuildState state;
  state.records = bytes.substr(0, *records);
  bytes.remove_prefix(*records);
  auto vocabulary = Vocabulary::decode(bytes);
  const auto count = vocabulary ? get_u64(bytes) : std::nullopt;
  auto starts = count ? get_packed<std::uint64_t>(bytes, *count) : std::nullopt;
  if (!starts || !bytes.empty())
    return std::nullopt;
  state.vocabulary = std::move(*vocabulary);
  state.starts = std::move(*starts);
  return state;
}

} // namespace factloom::incremental
