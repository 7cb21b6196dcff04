// SELECT answers read while they arrive: libcurl writes into a bounded queue on a thread of its
// own, nlohmann-json's SAX parser reads the queue as a stream, and rows go on in batches.
#include <condition_variable>
#include <deque>
#include <istream>
#include <mutex>
#include <streambuf>
#include <thread>

#include <nlohmann/json.hpp>

#include "store/sparql.hpp"

namespace factloom::store {

namespace {

using Json = nlohmann::json;
using Row = std::vector<std::optional<rdf::Term>>;

/// Pieces of the answer between the transfer thread and the parser; at most `max_bytes` wait.
class PieceQueue {
public:
  /// From the transfer: false once the reader gave up (the transfer then stops).
  bool push(std::string_view piece) {
    std::unique_lock<std::mutex> guard(lock_);
    space_.wait(guard, [&] { return aborted_ || bytes_ < max_bytes; });
    if (aborted_)
      return false;
    bytes_ += piece.size();
    pieces_.emplace_back(piece);
    ready_.notify_one();
    return true;
  }
  void close() {
    const std::lock_guard<std::mutex> guard(lock_);
    closed_ = true;
    ready_.notify_all();
  }
  void abort() {
    const std::lock_guard<std::mutex> guard(lock_);
    aborted_ = true;
    space_.notify_all();
  }
  /// The next piece; false at the end.
  bool pop(std::string &out) {
    std::unique_lock<std::mutex> guard(lock_);
    ready_.wait(guard, [&] { return closed_ || !pieces_.empty(); });
    if (pieces_.empty())
      return false;
    out = std::move(pieces_.front());
    pieces_.pop_front();
    bytes_ -= out.size();
    space_.notify_one();
    return true;
  }

private:
  static constexpr std::size_t max_bytes = 8U << 20U;
  std::mutex lock_;
  std::condition_variable ready_;
  std::condition_variable space_;
  std::deque<std::string> pieces_;
  std::size_t bytes_ = 0;
  bool closed_ = false;
  bool aborted_ = false;
};

/// The queue as a std::streambuf for the parser.
class QueueBuffer final : public std::streambuf {
public:
  explicit QueueBuffer(PieceQueue &queue) : queue_(queue) {}

protected:
  int_type underflow() override {
    while (gptr() == egptr()) {
      if (!queue_.pop(piece_))
        return traits_type::eof();
      setg(piece_.data(), piece_.data(), piece_.data() + piece_.size());
    }
    return traits_type::to_int_type(*gptr());
  }

private:
  PieceQueue &queue_;
  std::string piece_;
};

/// The SPARQL JSON results structure, event by event. Unknown members are skipped.
class ResultsHandler : public nlohmann::json_sax<Json> {
public:
  explicit ResultsHandler(ResultsConsumer &to) : to_(to) {}
  std::string error; ///< why the document is not SPARQL results (empty: it is, so far)

  bool null() override { return scalar(nullptr); }
  bool boolean(bool v) override { return scalar(v ? "true" : "false", true, v); }
  bool number_integer(number_integer_t v) override {
    return scalar(std::to_string(v), true, v == 1);
  }
  bool number_unsigned(number_unsigned_t v) override {
    return scalar(std::to_string(v), true, v == 1);
  }
  bool number_float(number_float_t, const string_t &s) override { return scalar(s, true, false); }
  bool string(string_t &v) override { return scalar(v); }
  bool binary(binary_t &) override { return scalar(nullptr); }
  bool key(string_t &k) override {
    key_ = k;
    return true;
  }
  bool start_object(std::size_t) override { return open(true); }
  bool start_array(std::size_t) override { return open(false); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t position, const std::string &,
                   const nlohmann::detail::exception &e) override {
    if (error.empty())
      error = "JSON syntax error at byte " + std::to_string(position) + " (" + e.what() + ")";
    return false;
  }

  /// After a parse without errors: what was missing, or empty.
  std::string finish() {
    if (is_boolean_)
      return {};
    if (!vars_known_)
      return "no head.vars array";
    if (!bindings_seen_)
      return "no results.bindings array";
    flush();
    return {};
  }

private:
  enum class Role { root, head, vars, results, bindings, binding, term, other };
  struct Frame {
    Role role;
    bool object;
  };

  bool fail(const std::string &what) {
    if (error.empty())
      error = what;
    return false;
  }
  Role top() const { return frames_.empty() ? Role::other : frames_.back().role; }

  bool open(bool object) {
    if (frames_.size() >= 200)
      return fail("JSON nested deeper than 200 levels");
    Role role = Role::other;
    const Role parent = top();
    if (frames_.empty()) {
      if (!object)
        return fail("the document is not an object");
      role = Role::root;
    } else if (parent == Role::root && key_ == "head" && object) {
      role = Role::head;
    } else if (parent == Role::root && key_ == "results" && object) {
      role = Role::results;
    } else if (parent == Role::head && key_ == "vars" && !object) {
      role = Role::vars;
    } else if (parent == Role::results && key_ == "bindings" && !object) {
      role = Role::bindings;
      bindings_seen_ = true;
    } else if (parent == Role::bindings) {
      if (!object)
        return fail("a binding is not an object");
      role = Role::binding;
      cells_.clear();
    } else if (parent == Role::binding && object) {
      role = Role::term;
      cell_var_ = key_;
      type_.reset();
      value_.reset();
      datatype_.reset();
      lang_.reset();
    }
    frames_.push_back(Frame{role, object});
    return true;
  }

  bool close() {
    const Role role = top();
    frames_.pop_back();
    if (role == Role::vars) {
      vars_known_ = true;
      to_.head(vars_);
      for (auto &held : held_)
        add_row(held);
      held_.clear();
    } else if (role == Role::term) {
      if (!type_ || !value_)
        return fail("a term lacks 'type' or 'value'");
      Result<rdf::Term> t = result_term(*type_, *value_, datatype_ ? &*datatype_ : nullptr,
                                        lang_ ? &*lang_ : nullptr);
      if (!t)
        return fail(t.error().message.substr(t.error().message.find(": ") + 2));
      cells_.emplace_back(cell_var_, std::move(t.value()));
    } else if (role == Role::binding) {
      if (vars_known_)
        add_row(cells_);
      else
        held_.push_back(std::move(cells_)); // bindings before head: held until the head
      cells_.clear();
    } else if (role == Role::root) {
      flush();
    }
    return true;
  }

  bool scalar(const std::optional<std::string> &text, bool other_kind = false, bool truth = false) {
    const Role role = top();
    if (role == Role::root && key_ == "boolean") {
      is_boolean_ = true;
      if (text && !other_kind)
        truth = *text == "1" || *text == "true";
      else if (!text)
        return fail("'boolean' is not a boolean");
      to_.boolean(truth);
    } else if (role == Role::vars) {
      if (!text || other_kind)
        return fail("a variable name is not a string");
      vars_.push_back(*text);
    } else if (role == Role::bindings) {
      return fail("a binding is not an object");
    } else if (role == Role::term && text && !other_kind) {
      if (key_ == "type")
        type_ = *text;
      else if (key_ == "value")
        value_ = *text;
      else if (key_ == "datatype")
        datatype_ = *text;
      else if (key_ == "xml:lang")
        lang_ = *text;
    }
    return true;
  }
  bool scalar(std::nullptr_t) { return scalar(std::optional<std::string>()); }

  void add_row(const std::vector<std::pair<std::string, rdf::Term>> &cells) {
    Row row(vars_.size());
    for (const auto &[var, term] : cells) {
      for (std::size_t k = 0; k < vars_.size(); ++k) {
        if (vars_[k] == var)
          row[k] = term;
      }
    }
    batch_.push_back(std::move(row));
    if (batch_.size() >= 1000)
      flush();
  }
  void flush() {
    if (!batch_.empty())
      to_.rows(batch_);
    batch_.clear();
  }

  ResultsConsumer &to_;
  std::vector<Frame> frames_;
  std::string key_;
  std::vector<std::string> vars_;
  bool vars_known_ = false;
  bool bindings_seen_ = false;
  bool is_boolean_ = false;
  std::string cell_var_;
  std::optional<std::string> type_, value_, datatype_, lang_;
  std::vector<std::pair<std::string, rdf::Term>> cells_;
  std::vector<std::vector<std::pair<std::string, rdf::Term>>> held_;
  std::vector<Row> batch_;
};

} // namespace

Result<void> SparqlClient::select_stream(std::string_view query, ResultsConsumer &to) {
  const std::string body = query_form_body(query, dataset_);
  PieceQueue queue;
  HttpRequest request;
  request.method = "POST";
  request.url = endpoint_;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/sparql-results+json"}};
  request.body = body;
  request.sink = [&queue](std::string_view piece) { return queue.push(piece); };
  std::optional<Result<HttpResponse>> sent;
  std::thread transfer([&] {
    sent.emplace(http_.send(request));
    queue.close();
  });
  QueueBuffer buffer(queue);
  std::istream in(&buffer);
  ResultsHandler handler(to);
  bool parsed = false;
  try {
    parsed = Json::sax_parse(in, &handler);
  } catch (const std::exception &e) { // the consumer's own failure (e.g. out of memory)
    handler.error = e.what();
  }
  std::string missing = parsed ? handler.finish() : std::string();
  queue.abort(); // nothing more is read: a transfer still running stops
  transfer.join();
  const bool reader_failed = !parsed || !missing.empty();
  if (!sent->ok() && !(reader_failed && sent->error().message.rfind(answer_not_passed_on, 0) == 0))
    return sent->error();
  const HttpResponse response = sent->ok() ? sent->value() : HttpResponse{200, "", ""};
  if (response.status / 100 != 2)
    return status_error(endpoint_, response, EndpointKind::sparql, http_.options().credentials);
  if (reader_failed)
    return io_error(display_url(endpoint_),
                    "not SPARQL JSON results: " + (parsed ? missing : handler.error) +
                        " (Content-Type: " + escape_controls(response.content_type.substr(0, 100)) +
                        ")");
  return {};
}

} // namespace factloom::store
