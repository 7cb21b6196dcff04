// Uploading while reading: a bounded queue of chunk texts between the reading thread and the
// upload threads.
#include "store/stream.hpp"

#include <algorithm>

#include "base/text.hpp"
#include "store/cancel.hpp"

namespace factloom::store {

using graph::Quad;

StreamingLoad::StreamingLoad(graph::Graph &read, std::string graph, const LoadOptions &options,
                             GraphStore &store, std::function<void(const LoadProgress &)> progress)
    : read_(read), graph_(std::move(graph)), options_(options), store_(store),
      progress_(std::move(progress)) {
  FL_REQUIRE(options_.chunk_triples > 0 && options_.parallel > 0, "bad load options");
  FL_REQUIRE(options_.mode == LoadMode::replace, "a streaming load replaces");
}

StreamingLoad::~StreamingLoad() { stop_uploads(); }

Result<bool> StreamingLoad::start() {
  start_ = std::chrono::steady_clock::now();
  Result<std::uint64_t> before = store_.count(graph_);
  if (!before) {
    Diagnostic d = before.error();
    d.message += " (counting <" + graph_ + "> before loading)";
    return d;
  }
  if (before.value() != 0)
    return false;
  // One upload on the caller's connection, the others on connections of their own.
  for (std::size_t w = 1; w < options_.parallel; ++w) {
    if (auto other = store_.another())
      connections_.push_back(std::move(other));
  }
  threads_.emplace_back(&StreamingLoad::upload, this, std::ref(store_));
  for (auto &connection : connections_)
    threads_.emplace_back(&StreamingLoad::upload, this, std::ref(*connection));
  return true;
}

bool StreamingLoad::add(const graph::Quad &q, SourceSpan from) {
  read_.add(q, from);
  if (!uploading_)
    return true;
  if (cancel_requested() && !upload_failed()) {
    fail(0, io_error("<" + graph_ + ">", cancelled_message));
    return false;
  }
  const graph::Graph &graph = read_;
  const std::size_t index = graph.size() - 1;
  FL_REQUIRE(q.g == 0, "a streaming load takes default-graph quads only");
  const auto &terms = graph.terms();
  if (terms.get(q.s).is_blank() || terms.get(q.o).is_blank())
    return true; // sent at the end, with the rest of its component
  pending_.push_back(static_cast<std::uint32_t>(index));
  if (pending_.size() < options_.chunk_triples)
    return true;
  const bool ok = flush(graph, pending_);
  pending_.clear();
  return ok;
}

bool StreamingLoad::flush(const graph::Graph &graph, std::span<const std::uint32_t> quads) {
  Chunk chunk;
  write_chunk(graph, quads, options_.syntax, chunk.body);
  chunk.triples = quads.size();
  chunk.number = ++chunks_made_;
  return push(std::move(chunk));
}

bool StreamingLoad::push(Chunk chunk) {
  std::unique_lock<std::mutex> guard(lock_);
  FL_REQUIRE(!threads_.empty(), "StreamingLoad used without a successful start()");
  // At most one chunk waiting per connection: memory stays a few chunks, whatever the input.
  space_.wait(guard, [&] { return failure_ || queue_.size() < threads_.size(); });
  if (failure_)
    return false;
  queue_.push_back(std::move(chunk));
  work_.notify_one();
  return true;
}

void StreamingLoad::upload(GraphStore &connection) {
  for (;;) {
    Chunk chunk;
    {
      std::unique_lock<std::mutex> guard(lock_);
      work_.wait(guard, [&] { return failure_ || closed_ || !queue_.empty(); });
      if (failure_ || queue_.empty())
        return;
      chunk = std::move(queue_.front());
      queue_.pop_front();
      space_.notify_one();
    }
    Result<void> sent = cancel_requested()
                            ? Result<void>(io_error("<" + graph_ + ">", cancelled_message))
                            : connection.post(graph_, chunk.body, options_.syntax);
    const std::lock_guard<std::mutex> guard(lock_);
    if (!sent) {
      if (!failure_ || chunk.number < failure_->first)
        failure_.emplace(chunk.number, sent.error());
      work_.notify_all();
      space_.notify_all();
      return;
    }
    ++chunks_sent_;
    status_.sent += chunk.triples;
    if (progress_) {
      status_.seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
      progress_(status_);
    }
  }
}

void StreamingLoad::stop_uploads() {
  {
    const std::lock_guard<std::mutex> guard(lock_);
    closed_ = true;
    work_.notify_all();
  }
  for (std::thread &t : threads_)
    t.join();
  threads_.clear();
}

Diagnostic StreamingLoad::undo(Diagnostic error) {
  const std::string where = "<" + graph_ + ">";
  if (Result<void> emptied = store_.put(graph_, "", options_.syntax); emptied)
    error.message += "; the load was undone: " + where + " is empty again, as it was before";
  else
    error.message += "; emptying " + where + " again failed too (" + emptied.error().message +
                     "), so it may hold a partial load";
  return error;
}

void StreamingLoad::fail(std::size_t chunk, Diagnostic error) {
  const std::lock_guard<std::mutex> guard(lock_);
  if (!failure_ || chunk < failure_->first)
    failure_.emplace(chunk, std::move(error));
  work_.notify_all();
  space_.notify_all();
}

bool StreamingLoad::upload_failed() {
  const std::lock_guard<std::mutex> guard(lock_); // upload threads write failure_ under it
  return failure_.has_value();
}

Result<LoadReport> StreamingLoad::finish(graph::Graph &graph) {
  const std::string where = "<" + graph_ + ">";
  auto failed = [&]() -> Result<LoadReport> {
    stop_uploads();
    Diagnostic d = failure_->second;
    if (failure_->first > 0)
      d.message += " (chunk " + std::to_string(failure_->first) + " for " + where + ")";
    return undo(std::move(d));
  };
  if (cancel_requested() && !upload_failed())
    fail(0, io_error(where, cancelled_message));
  if (upload_failed() || (!pending_.empty() && !flush(graph, pending_)))
    return failed();
  pending_.clear();
  graph.freeze();
  // The distinct triples (all in the default graph; sorted, so repeats are adjacent), and a
  // target of those with blank nodes, which go up now, a component to a request.
  const auto &quads = graph.quads();
  const auto &terms = graph.terms();
  Target blank;
  blank.graph = graph_;
  std::uint64_t distinct = 0;
  for (std::size_t i = 0; i < quads.size(); ++i) {
    const Quad &q = quads[i];
    if (i > 0 && q.s == quads[i - 1].s && q.p == quads[i - 1].p && q.o == quads[i - 1].o)
      continue;
    ++distinct;
    if (terms.get(q.s).is_blank() || terms.get(q.o).is_blank())
      blank.quads.push_back(static_cast<std::uint32_t>(i));
  }
  blank.blank_triples = blank.quads.size();
  if (!blank.quads.empty()) {
    const std::vector<std::size_t> ends = plan_chunks(graph, blank, options_.chunk_triples);
    std::size_t begin = 0;
    for (const std::size_t end : ends) {
      if (!flush(graph, std::span<const std::uint32_t>(blank.quads).subspan(begin, end - begin)))
        return failed();
      begin = end;
    }
  }
  stop_uploads();
  if (cancel_requested() && !failure_)
    failure_.emplace(0, io_error(where, cancelled_message));
  if (failure_)
    return failed();
  Result<std::uint64_t> after = store_.count(graph_);
  if (!after) {
    Diagnostic d = after.error();
    d.message += " (counting " + where + " after loading)";
    return undo(std::move(d));
  }
  if (after.value() != distinct)
    return undo(replace_mismatch(where, after.value(), distinct));
  LoadReport report;
  GraphReport g;
  g.graph = graph_;
  g.sent = distinct;
  g.after = after.value();
  g.chunks = chunks_sent_;
  report.graphs.push_back(std::move(g));
  report.sent = distinct;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  return report;
}

Result<std::uint64_t> StreamingLoad::abandon() {
  {
    const std::lock_guard<std::mutex> guard(lock_);
    if (!failure_)
      failure_.emplace(0, io_error("", "cancelled"));
    work_.notify_all();
    space_.notify_all();
  }
  stop_uploads();
  const std::uint64_t sent = status_.sent;
  if (Result<void> emptied = store_.put(graph_, "", options_.syntax); !emptied) {
    Diagnostic d = emptied.error();
    d.message += " (emptying <" + graph_ + "> again after " + thousands(sent) +
                 " triples were sent; it may hold a partial load)";
    return d;
  }
  return sent;
}

} // namespace factloom::store
