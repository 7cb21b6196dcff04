// JSON-RPC 2.0 messages framed with Content-Length headers (the LSP base protocol), over streams.
#pragma once

#include <iosfwd>
#include <string>

#include <nlohmann/json.hpp>

namespace factloom::lsp {

using json = nlohmann::json;

/// One framed message read from a stream.
struct Incoming {
  enum class Status { ok, end, bad } status = Status::end;
  std::string body;  ///< the JSON text (status ok)
  std::string error; ///< why the frame is bad (status bad)
};

/// Reads the headers ("Content-Length: N", other headers ignored, CRLF or LF line ends) and the
/// body of one message. `end` at a clean end of input; `bad` for a frame that cannot be read (no
/// or a malformed Content-Length, a body cut short, a body larger than 64 MiB).
Incoming read_message(std::istream &in);

/// Writes one message with its Content-Length header (not flushed: the caller flushes once
/// after the messages of a batch).
void write_message(std::ostream &out, const json &message);

/// JSON-RPC error codes the server uses.
enum ErrorCode : int {
  parse_error = -32700,
  invalid_request = -32600,
  method_not_found = -32601,
  invalid_params = -32602,
  internal_error = -32603,
  server_not_initialized = -32002,
  request_failed = -32803
};

/// A response to request `id` with a result, or with an error.
json response(const json &id, json result);
json error_response(const json &id, int code, const std::string &message);
json notification(const std::string &method, json params);

} // namespace factloom::lsp
